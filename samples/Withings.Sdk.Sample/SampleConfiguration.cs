using Microsoft.Extensions.Configuration;

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
}
