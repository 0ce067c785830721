using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.Subscriptions;

/// <summary>The access token never reaches a log line, an exception message or ToString().</summary>
public sealed class NotifyClientSecretTests
{
    private const string Token = "at-SECRET-0a9b8c7d6e";

    [Test]
    public async Task EveryOutcome_TokenNeverInLogsNorExceptions()
    {
        using var api = new FakeWithingsApi()
            .ReplyJson("""{"status":0,"body":{"profiles":[]}}""")
            .ReplyJson("""{"status":601}""")
            .ReplyJson("""{"status":0,"body":{}}""")
            .ReplyJson($$"""{"status":401,"error":"invalid token {{Token}}"}""")
            .Reply(HttpStatusCode.BadGateway, "bad gateway " + Token, "text/plain")
            .Throw(new HttpRequestException("Connection refused (wbsapi.withings.net:443)"));
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddSingleton<TimeProvider>(new AutoAdvancingTimeProvider());
        services.AddWithingsNotifications(o => o.Retry.MaxRetries = 1)
            .ConfigureHttpClient(http => http.ConfigurePrimaryHttpMessageHandler(() => api.Handler));
        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IWithingsNotifyClient>();
        var callback = new Uri("https://example.com/cb");

        await client.ListAsync(Token);
        await client.SubscribeAsync(Token, callback, NotificationCategory.Sleep);
        var refused = await Capture(() => client.RevokeAsync(Token, callback));
        var unreachable = await Capture(() => client.GetAsync(Token, callback));

        api.Requests.Should().HaveCount(6);
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
