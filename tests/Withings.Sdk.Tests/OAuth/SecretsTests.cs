using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.OAuth;

/// <summary>Tokens and the client secret never reach logs, exception messages or ToString().</summary>
public sealed class SecretsTests
{
    private static readonly string[] Secrets =
    [
        Harness.ClientSecret,
        "expired-access-7d1f",
        "old-refresh-93ab",
        "a075f8c14fb8df40b08ebc8508533dc332a6910a",
        "f631236f02b991810feb774765b6ae8e6c6839ca",
    ];

    [Test]
    public async Task RefreshThenFetchThenFailures_AtTraceLevel_NoSecretInAnyLogOrError()
    {
        await using var api = (await WithingsLookAlike.StartAsync())
            .ReplyInTurn("/v2/oauth2", WithingsReply.Json(Fixture.Response("requesttoken.json")), WithingsReply.Json(Fixture.Response("status503.json")))
            .ReplyInTurn("/measure", WithingsReply.Json(Fixture.Response("status601.json")), WithingsReply.Json(Fixture.Response("getmeas.page3.json")), WithingsReply.Json(Fixture.Response("status401.json")))
            .ReplyInTurn("/v2/signature", WithingsReply.Json(Fixture.Response("getnonce.json")))
            .ReplyInTurn("/v2/answers", WithingsReply.Json("""{"status":342,"body":{},"error":"Invalid signature d9286311451fc6ed71b372a075c58c5058be158f56a77865e43ab3783255424f"}"""));
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Harness.Now));
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace)).AddFakeLogging();
        services.AddWithingsNotifications(o =>
        {
            o.ClientId = Harness.ClientId;
            o.ClientSecret = Harness.ClientSecret;
            o.Retry.BaseDelay = TimeSpan.Zero;
            o.Retry.RateLimitWait = TimeSpan.Zero;
            o.Retry.MaxAttempts = 2;
        });
        services.ConfigureHttpClientDefaults(b => b.ConfigurePrimaryHttpMessageHandler(() => api.CreateHandler()));
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IWithingsTokenStore>();
        await store.SaveAsync(new WithingsTokenPair(363, "expired-access-7d1f", "old-refresh-93ab", Harness.Now.AddHours(-1), "user.metrics"), CancellationToken.None);
        var data = provider.GetRequiredService<IWithingsDataClient>();
        var getmeas = new FetchRequest(363, "/measure", [new("action", "getmeas"), new("category", "1"), new("lastupdate", "1594000000")], false);
        var answers = new FetchRequest(363, "/v2/answers", [new("action", "get"), new("userid", "363"), new("startdate", "1594000000")], true);

        var results = await data.ExecuteAsync(new FetchPlan([getmeas, getmeas, answers]));
        var refreshError = await FluentActions.Awaiting(() => provider.GetRequiredService<IWithingsOAuthClient>().RefreshAsync("f631236f02b991810feb774765b6ae8e6c6839ca"))
            .Should().ThrowAsync<WithingsApiException>();
        var pair = await store.GetAsync(363, CancellationToken.None);

        results.Select(r => r.IsSuccess).Should().Equal(true, false, false);
        var logs = provider.GetFakeLogCollector().GetSnapshot();
        logs.Should().NotBeEmpty();
        var texts = logs.Select(l => l.Message + " " + string.Join(",", l.StructuredState?.Select(p => p.Value) ?? []) + " " + l.Exception)
            .Concat(results.Select(r => r.Error?.ToString() ?? string.Empty))
            .Append(refreshError.Which.ToString())
            .Append(pair!.ToString())
            .ToList();
        foreach (var secret in Secrets)
        {
            texts.Should().NotContain(t => t.Contains(secret, StringComparison.Ordinal), "'{0}' is a secret", secret);
        }
    }
}
