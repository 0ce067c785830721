using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Withings.Sdk.Sample;

/// <summary>
/// The sample's settings, the usual .NET way: an optional appsettings.json beside the app, then environment
/// variables (<c>Withings__ApiBaseAddress=http://127.0.0.1:5000</c>).
/// </summary>
internal static class SampleConfiguration
{
    public static IConfiguration Load() => new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .Build();

    /// <summary>The SDK as a service wires it: configuration, <c>AddWithingsNotifications()</c>, warnings to stderr
    /// so that standard output keeps one JSON object per line.</summary>
    public static ServiceProvider BuildServices(TextWriter stderr) => new ServiceCollection()
        .AddLogging(logging => logging.AddProvider(new StandardErrorLoggerProvider(stderr)))
        .AddSingleton(Load())
        .AddWithingsNotifications().Services
        .BuildServiceProvider();
}
