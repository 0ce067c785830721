using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Withings.Sdk.Sample;

/// <summary>
/// The standard .NET host for commands that call Withings: appsettings.json beside the app, then environment
/// variables (<c>Withings__ApiBaseAddress</c>, <c>Withings__Retry__BaseDelay</c>, …). Logs go to standard error so
/// that standard output stays one JSON object per line.
/// </summary>
internal static class SampleHost
{
    public static IHost Build(Action<IServiceCollection> configureServices)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        configureServices(builder.Services);
        return builder.Build();
    }
}
