using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Withings.Sdk.AspNetCore.Tests.Linking;
using Withings.Sdk.AspNetCore.Tests.Sync;

namespace Withings.Sdk.AspNetCore.Tests.Backfill;

/// <summary>A user who links is backfilled over <c>Withings:Sync:Backfill:Lookback</c>, with the pair the link saved.</summary>
public sealed class BackfillOnLinkTests
{
    private const long Linked = 12345; // the look-alike's default user

    [Test]
    public async Task Link_starts_a_backfill_over_the_lookback_with_the_linked_users_token()
    {
        await using var host = await LinkingHost.StartAsync(services: s => AddBackfill(s, onLink: true));
        using var alice = await host.SignInAsync("alice");

        (await alice.LinkAsync()).StatusCode.Should().Be(HttpStatusCode.OK);
        var events = host.App.Services.GetRequiredService<BackfillEvents>();
        await events.WaitForFinishedAsync(1);

        var now = host.Clock.GetUtcNow();
        var finished = events.Finished.Should().ContainSingle().Subject;
        finished.Should().Be(new WithingsBackfillProgress(Linked, now.AddDays(-2), now, finished.Done, 0, 0));
        finished.Done.Should().Be(8, "getmeas, getactivity, getworkouts, getsummary, two intraday and two sleep windows");
        var token = (await host.Tokens.GetAsync(Linked, CancellationToken.None))!.AccessToken;
        host.Withings.Requests.Where(r => r.Path is "/measure" or "/v2/measure" or "/v2/sleep").Should().HaveCount(8).And.OnlyContain(r => r.BearerToken == token);
        host.App.Services.GetRequiredService<SyncRecorder>().Data.Should().HaveCount(8).And.OnlyContain(d => d.UserId == Linked);
    }

    [Test]
    public async Task Link_with_OnLink_off_starts_no_backfill()
    {
        await using var host = await LinkingHost.StartAsync(services: s => AddBackfill(s, onLink: false));
        using var alice = await host.SignInAsync("alice");

        (await alice.LinkAsync()).StatusCode.Should().Be(HttpStatusCode.OK);

        host.Linked.Should().ContainSingle();
        (await host.App.Services.GetRequiredService<IWithingsBackfill>().GetProgressAsync(Linked)).Should().BeNull();
    }

    private static void AddBackfill(IServiceCollection services, bool onLink)
    {
        services.AddSingleton<SyncRecorder>();
        services.AddSingleton<BackfillEvents>();

        // The link's own requests and the backfill's share the limiter: on the fake clock it must never bind.
        services.Configure<WithingsOptions>(o =>
        {
            o.RateLimit.PermitsPerMinute = 100_000;
            o.RateLimit.Burst = 1_000;
        });
        services.AddWithingsNotifications().AddReceiver(o => o.CallbackSecret = "backfill-on-link-tests").UseInMemoryQueue()
            .AddSync<RecordingDataHandler>()
            .AddBackfill(o =>
            {
                o.OnLink = onLink;
                o.Lookback = TimeSpan.FromDays(2);
            })
            .AddBackfillListener<RecordingBackfillListener>();
    }
}
