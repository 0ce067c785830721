using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Withings.Sdk.AspNetCore.Tests;

internal static class ServiceCollectionTestExtensions
{
    /// <summary>
    /// Puts the receiver on a fake clock. Retries left waiting on it never come due, so disposing the host would wait
    /// the whole shutdown timeout for them: it is shortened to one second.
    /// </summary>
    public static IServiceCollection UseFakeClock(this IServiceCollection services, TimeProvider time) =>
        services.AddSingleton(time).Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(1));
}
