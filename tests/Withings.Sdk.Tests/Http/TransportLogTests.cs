using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.Http;

/// <summary>A failed call's log lines say what Withings answered, and only what is known: never "(null)".</summary>
public sealed class TransportLogTests
{
    [Test]
    public async Task HttpErrorThenNetworkError_LogsOnlyWhatIsKnown_NeverNull()
    {
        await using var api = (await WithingsLookAlike.StartAsync()).ReplyInTurn(WithingsReply.Http(HttpStatusCode.BadGateway));
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddSingleton<TimeProvider>(new AutoAdvancingTimeProvider());
        services.AddWithingsNotifications()
            .ConfigureHttpClient(http => http.ConfigurePrimaryHttpMessageHandler(() => new NetworkFailureHandler(api.CreateHandler())
                // The first attempt reaches a proxy's 502; every later one finds the connection refused.
                .FailAfter(1, new HttpRequestException("Connection refused"))));
        using var provider = services.BuildServiceProvider();

        var list = () => provider.GetRequiredService<IWithingsNotifyClient>().ListAsync("any-token");

        await list.Should().ThrowAsync<WithingsApiException>();
        var warnings = logs.Logs.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message).ToList();
        warnings.Should().Contain(m => m.StartsWith("notify/list failed on attempt 1 (http, HTTP 502, no Withings status); retrying in", StringComparison.Ordinal));
        warnings.Should().Contain(m => m.StartsWith("notify/list failed after", StringComparison.Ordinal) && m.Contains("(network, no Withings status, transient True)", StringComparison.Ordinal));
        logs.AllText.Should().NotContain("(null)");
    }

    [Test]
    public async Task WithingsStatus_LogsTheStatusWithoutTheHttp200()
    {
        await using var api = (await WithingsLookAlike.StartAsync()).ReplyInTurn(WithingsReply.Status(601), WithingsReply.Json("""{"status":0,"body":{"profiles":[]}}"""));
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddSingleton<TimeProvider>(new AutoAdvancingTimeProvider());
        services.AddWithingsNotifications().ConfigureHttpClient(http => http.ConfigurePrimaryHttpMessageHandler(api.CreateHandler));
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IWithingsNotifyClient>().ListAsync("any-token");

        logs.Logs.Should().Contain(l => l.Level == LogLevel.Warning && l.Message.StartsWith("notify/list failed on attempt 1 (status, Withings status 601); retrying in", StringComparison.Ordinal));
    }
}
