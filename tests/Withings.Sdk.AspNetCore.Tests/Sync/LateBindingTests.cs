using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Withings.Sdk.Testing;

namespace Withings.Sdk.AspNetCore.Tests.Sync;

/// <summary>
/// Late binding: a user's requests are planned when its turn is granted, from everything that waited for that user
/// meanwhile. The host, its batch window and the rate limiter run on one fake clock, which moves only when the test
/// moves it, and the limiter is held (as after Withings' 601) so that the user's turn waits as long as the test says.
/// </summary>
public sealed class LateBindingTests
{
    private const long Alice = 12345;
    private static readonly DateTime Day = new(2026, 3, 2, 0, 0, 0, DateTimeKind.Unspecified);

    [Test]
    public async Task Notifications_arriving_while_the_user_waits_for_a_permit_share_its_requests()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 3, 12, 0, 0, TimeSpan.Zero));
        using var limiter = new WithingsRateLimiter(new WithingsRateLimitOptions { PermitsPerMinute = 120 }, clock);
        var window = TimeSpan.FromSeconds(2);
        await using var lookAlike = await SyncLookAlike.StartAsync(clock);
        await using var host = await SyncHost.StartAsync(
            lookAlike,
            [Alice],
            o =>
            {
                o.BatchWindow = window;
                o.UserConcurrency = 1;
            },
            s =>
            {
                s.AddSingleton<TimeProvider>(clock);
                s.AddKeyedSingleton<RateLimiter>(WithingsRateLimiter.ServiceKey, limiter);
            });
        var stage = (SyncStage)host.App.Services.GetRequiredService<IDeliveryStage>();

        // No permit for a minute: Alice's first turn waits that long once her window closes.
        await limiter.HoldAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        await host.PostAsync(WithingsNotificationBody.Activity(Alice, Day));
        await WaitForAsync(() => stage.Desks == (1, 1));
        clock.Advance(window);
        await WaitForAsync(() => stage.Desks == (1, 0));

        // Her window is closed and her turn not granted: the tracker syncs the day before, then the same day again
        // (waiting beside the first), and a weigh-in comes.
        var morning = new DateTimeOffset(Day, TimeSpan.Zero).AddHours(7);
        await host.PostAsync(WithingsNotificationBody.Activity(Alice, Day.AddDays(-1)));
        await host.PostAsync(WithingsNotificationBody.Activity(Alice, Day));
        await host.PostAsync(WithingsNotificationBody.Weight(Alice, morning, morning.AddMinutes(1)));
        await WaitForAsync(() => stage.Desks == (4, 0));
        lookAlike.Calls.Should().BeEmpty("the limiter is held");

        // The hold ends; from then on the clock moves one refill whenever the bucket is empty.
        clock.Advance(TimeSpan.FromMinutes(1));
        var held = clock.GetUtcNow();
        using var stop = new CancellationTokenSource();
        var driver = LimiterClock.DriveAsync(clock, limiter, stop.Token);
        await host.Recorder.WaitForNotificationsAsync(4);
        await stop.CancelAsync();
        await driver;

        // One round planned them together: both days in one getactivity, the weigh-in in one getmeas; one by one the
        // three activity notifications would each have sent a getactivity.
        var round = host.Recorder.Batches.Should().ContainSingle().Subject;
        round.Notifications.Should().Be(4);
        round.SentRequests.Should().Be(lookAlike.Calls.Count);
        lookAlike.Calls.Count(c => c.Action == "getactivity").Should().Be(1);
        lookAlike.Calls.Count(c => c.Action == "getmeas").Should().Be(1);
        lookAlike.Calls.Select(c => c.ReceivedAt).Should().OnlyContain(at => at >= held, "nothing was sent before the limiter's hold ended");
        var data = host.Recorder.Data.Should().ContainSingle().Subject;
        data.Notifications.Should().HaveCount(4);
        data.Failures.Should().BeEmpty();
    }

    [Test]
    public async Task Notifications_arriving_while_a_round_sends_wait_one_window_and_share_the_next_round()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 3, 12, 0, 0, TimeSpan.Zero));
        using var limiter = new WithingsRateLimiter(new WithingsRateLimitOptions { PermitsPerMinute = 120, Burst = 20 }, clock);
        var window = TimeSpan.FromSeconds(2);
        await using var lookAlike = await SyncLookAlike.StartAsync(clock);
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var first = 0;
        lookAlike.Script = request =>
        {
            // The first request of the first round waits at Withings until the test releases it: the round is sending.
            if (request.Action == "getactivity" && Interlocked.Exchange(ref first, 1) == 0)
            {
                entered.Set();
                release.Wait(TestTimeouts.Wait);
            }

            return null;
        };
        await using var host = await SyncHost.StartAsync(
            lookAlike,
            [Alice],
            o => o.BatchWindow = window,
            s =>
            {
                s.AddSingleton<TimeProvider>(clock);
                s.AddKeyedSingleton<RateLimiter>(WithingsRateLimiter.ServiceKey, limiter);
            });
        var stage = (SyncStage)host.App.Services.GetRequiredService<IDeliveryStage>();

        await host.PostAsync(WithingsNotificationBody.Activity(Alice, Day.AddDays(-1)));
        await WaitForAsync(() => stage.Desks == (1, 1));
        clock.Advance(window);
        await Task.Run(() => entered.Wait(TestTimeouts.Wait));

        // While the first round sends, the tracker syncs today: it waits for Alice's next round.
        await host.PostAsync(WithingsNotificationBody.Activity(Alice, Day));
        await WaitForAsync(() => stage.Desks == (1, 0));
        release.Set();
        await host.Recorder.WaitForDataAsync(1);

        // The first round is over, the limiter grants at once, and the clock has not moved: the next round waits out the
        // window opened by today's sync, so that the weigh-in arriving now joins it rather than making a round of its own.
        var morning = new DateTimeOffset(Day, TimeSpan.Zero).AddHours(7);
        await host.PostAsync(WithingsNotificationBody.Weight(Alice, morning, morning.AddMinutes(1)));
        await WaitForAsync(() => stage.Desks == (2, 0));
        clock.Advance(window);
        await host.Recorder.WaitForDataAsync(2);

        host.Recorder.Data.Select(d => d.Notifications.Count).Should().Equal(1, 2);
        host.Recorder.Data.Last().Notifications.Select(n => n.Appli).Should().BeEquivalentTo([NotificationCategory.Activity, NotificationCategory.Weight]);
    }

    // Polls a condition the engine reaches on its own threads (a hang guard of TestTimeouts.Wait); the fake clock does
    // not move meanwhile, so nothing the test asserts depends on how long this takes.
    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
