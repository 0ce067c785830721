using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.Subscriptions;

/// <summary>The access token never reaches a log line, an exception message or ToString().</summary>
public sealed class NotifyClientSecretTests
{
    private const string Token = "at-SECRET-0a9b8c7d6e";

    [Test]
    public async Task EveryOutcome_TokenNeverInLogsNorExceptions()
    {
        await using var api = (await WithingsLookAlike.StartAsync()).ReplyInTurn(
            WithingsReply.Json("""{"status":0,"body":{"profiles":[]}}"""),
            WithingsReply.Json("""{"status":601}"""),
            WithingsReply.Json("""{"status":0,"body":{}}"""),
            WithingsReply.Json($$"""{"status":401,"error":"invalid token {{Token}}"}"""),
            WithingsReply.Http(HttpStatusCode.BadGateway, "bad gateway " + Token));
        NetworkFailureHandler? network = null;
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddSingleton<TimeProvider>(new AutoAdvancingTimeProvider());
        services.AddWithingsNotifications(o => o.Retry.MaxAttempts = 2)
            .ConfigureHttpClient(http => http.ConfigurePrimaryHttpMessageHandler(() => network = new NetworkFailureHandler(api.CreateHandler())
                // The last attempt finds the connection refused, a failure no answering server can produce.
                .FailAfter(5, new HttpRequestException("Connection refused (wbsapi.withings.net:443)"))));
        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IWithingsNotifyClient>();
        var callback = new Uri("https://example.com/cb");

        await client.ListAsync(Token);
        await client.SubscribeAsync(Token, callback, NotificationCategory.Sleep);
        var refused = await Capture(() => client.RevokeAsync(Token, callback));
        var unreachable = await Capture(() => client.GetAsync(Token, callback));

        api.Requests.Should().HaveCount(5);
        network!.Failed.Should().Be(1);
        refused.Status.Should().Be(401);
        unreachable.Message.Should().Be("notify/get failed: network error (Connection refused (wbsapi.withings.net:443)). Check the network and WithingsOptions.ApiBaseAddress, then try again. Gave up after 2 attempts.");
        logs.Logs.Should().Contain(l => l.Message.Contains("notify/subscribe failed on attempt 1 (status, Withings status 601", StringComparison.Ordinal));
        logs.AllText.Should().NotContain(Token);
        refused.ToString().Should().NotContain(Token);
        unreachable.ToString().Should().NotContain(Token);
        refused.WithingsError.Should().Be("invalid token ***");
    }

    private static async Task<WithingsApiException> Capture(Func<Task> call) =>
        (await FluentActions.Awaiting(call).Should().ThrowAsync<WithingsApiException>()).Which;
}
