using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Withings.Sdk.Sample.Demo;
using Withings.Sdk.Testing;

namespace Withings.Sdk.Sample;

/// <summary>
/// The default run: a complete offline demo. A Withings look-alike starts on loopback; an application built with
/// <c>Host.CreateApplicationBuilder</c> and <c>AddWithingsNotifications()</c> points at it, subscribes a callback,
/// turns notifications into typed records and fetch plans, and runs the weight plan. Nothing leaves the machine and
/// no token is needed; the real API is for the other commands.
/// </summary>
internal static class DemoCommand
{
    public const string Usage = """
        (no command) | demo
            offline demo against an in-process Withings look-alike (no network)
            e.g. dotnet run --project samples/Withings.Sdk.Sample
        """;

    /// <summary>The planning clock, fixed so that the demo prints the same plans every run: 2024-03-02 12:00 UTC.</summary>
    /// <summary>The look-alike takes any bearer token; the demo never prints it.</summary>
    private const string AccessToken = "demo-access-token";

    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_709_380_800);

    public static async Task<int> RunAsync(CommandArgs args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        args.EnsureAllRead();
        if (args.Positional.Count > 0)
        {
            throw new CommandLineException($"demo: unexpected '{args.Positional[0]}'; run with --help to list the commands");
        }

        var text = new DemoText(stdout);
        try
        {
            await using var lookAlike = await WithingsLookAlike.StartAsync(cancellationToken);
            using var host = BuildHost(lookAlike.BaseAddress);
            await host.StartAsync(cancellationToken);
            var services = host.Services;

            text.Line("Withings.Sdk offline demo");
            text.Line("=========================");
            text.Line($"A Withings look-alike answers at {lookAlike.BaseAddress.AbsoluteUri.TrimEnd('/')}");
            text.Line("(in-process, loopback only): nothing leaves this machine, no real token needed.");
            text.Line($"Planning clock fixed at {Now.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.");

            text.Heading("1. Subscribe a callback to 5 categories (IWithingsNotifyClient)");
            await SubscriptionSection.WriteAsync(text, services.GetRequiredService<IWithingsNotifyClient>(), AccessToken, cancellationToken);

            text.Heading("2. Notifications -> typed records -> planned requests (FetchPlanner)");
            text.Line("  (POST <base><path>, form fields in order; data_fields shortened)");
            PlanTable.Write(text, services.GetRequiredService<NotificationParser>(), services.GetRequiredService<FetchPlanner>(), DemoNotifications.All);

            text.Heading("3. Run the weight plan against the look-alike (IWithingsDataClient)");
            var weight = services.GetRequiredService<NotificationParser>().Parse(DemoNotifications.DocumentedExample);
            var plan = services.GetRequiredService<FetchPlanner>().Plan(weight);
            await ExecutionSection.WriteAsync(text, services.GetRequiredService<IWithingsDataClient>(), plan, AccessToken, cancellationToken);

            await host.StopAsync(cancellationToken);
            text.Line();
            text.Line($"{lookAlike.Requests.Count} calls reached the look-alike; none left this machine.");
            text.Flush();
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or HttpRequestException or WithingsApiException or OptionsValidationException)
        {
            text.Flush();
            await stderr.WriteLineAsync($"demo: {e.Message}");
            return 1;
        }
    }

    /// <summary>The application side, wired as a service would wire it, with the look-alike as its API host.</summary>
    private static IHost BuildHost(Uri apiBaseAddress)
    {
        var settings = new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory, Configuration = new ConfigurationManager() };
        // A run of a few seconds: no file watchers on appsettings.json.
        settings.Configuration["hostBuilder:reloadConfigOnChange"] = "false";
        var builder = Host.CreateApplicationBuilder(settings);
        // Standard output is the demo's; and no setting of the environment may send the demo to the real API.
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Withings:ApiBaseAddress"] = apiBaseAddress.AbsoluteUri,
        });
        builder.Services.AddSingleton<TimeProvider>(new FixedTimeProvider(Now));
        builder.Services.AddWithingsNotifications();
        return builder.Build();
    }
}
