using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Withings.Sdk.Testing;

namespace Withings.Sdk.AspNetCore.Tests.Sync;

/// <summary>
/// A hung upstream: the look-alike holds one user's requests (the reply thread blocks until the test releases it),
/// as a Withings that accepted the connection and never answers.
/// </summary>
public sealed class SyncFetchDeadlineTests
{
    private const long Alice = 12345;
    private const long Bob = 67890;
    private const long Carol = 24680;

    [Test]
    public async Task Hung_upstream_for_one_user_does_not_delay_another_and_ends_at_the_fetch_deadline()
    {
        var deadLetters = new RecordingDeadLetterSink();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var deadline = TimeSpan.FromMinutes(1);
        using var release = new ManualResetEventSlim();
        var aliceArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var lookAlike = await SyncLookAlike.StartAsync();
        lookAlike.Script = call => Hold(call, Alice, aliceArrived, release);
        try
        {
            await using var host = await SyncHost.StartAsync(
                lookAlike,
                [Alice, Bob],
                o =>
                {
                    // One batch of both users, closed by its size: the window's timer on the fake clock never fires.
                    o.MaxBatch = 2;
                    o.BatchWindow = TimeSpan.FromMinutes(10);
                    o.FetchDeadline = deadline;
                },
                s =>
                {
                    s.AddSingleton<TimeProvider>(clock);
                    s.AddSingleton(deadLetters);
                });

            await host.PostAsync(Payloads.Weight(Alice, 1709366400));
            await host.PostAsync(Payloads.Weight(Bob, 1709366400));

            // Bob's data is handed over while Alice's request hangs and the clock has not moved.
            await host.Recorder.WaitForDataAsync(1);
            await aliceArrived.Task.WaitAsync(TestTimeouts.Wait);
            host.Recorder.Data.Should().ContainSingle().Which.UserId.Should().Be(Bob);
            deadLetters.TryNext(out _).Should().BeFalse("Alice's deadline has not passed");

            // Alice's deadline was armed before her request was sent: moving the clock to it ends her part.
            clock.Advance(deadline);
            var deadLetter = await deadLetters.NextAsync();
            deadLetter.Reason.Should().Be(WithingsDeadLetterReason.FetchFailed);
            deadLetter.Notification!.UserId.Should().Be(Alice);
            deadLetter.Error.Should().Contain("Withings:Sync:FetchDeadline");
            host.Logs.GetSnapshot().Should().Contain(r => r.Category == "Withings.Sdk.AspNetCore.DeadLetterWriter").Which.Exception.Should().BeOfType<WithingsApiException>().Which.InnerException.Should().BeOfType<TimeoutException>();

            await host.Recorder.WaitForDataAsync(2);
            host.Recorder.Data.Should().Contain(d => d.UserId == Alice && d.Results.Count == 0 && d.Failures.Count == 1);
            deadLetters.TryNext(out _).Should().BeFalse();
            var store = host.App.Services.GetRequiredService<IWithingsUserContextStore>();
            (await store.GetAsync(Alice, CancellationToken.None)).GetCursor(NotificationCategory.Weight).Should().BeNull();
            (await store.GetAsync(Bob, CancellationToken.None)).GetCursor(NotificationCategory.Weight).Should().NotBeNull();
        }
        finally
        {
            release.Set();
        }
    }

    [Test]
    public async Task User_waiting_for_turns_behind_others_longer_than_the_fetch_deadline_is_not_dead_lettered()
    {
        // The heavy user is first in line with three requests (a weigh-in's getmeas, a night's sleep get and summary);
        // 40 light users' weigh-ins take their turns between its requests, about 17 s of permits on the fake clock.
        const long Heavy = 5_000;
        const int LightUsers = 40;
        var day = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        var deadline = TimeSpan.FromSeconds(5);
        var deadLetters = new RecordingDeadLetterSink();
        var clock = new FakeTimeProvider(day.AddDays(1));
        using var limiter = new WithingsRateLimiter(new WithingsRateLimitOptions { PermitsPerMinute = 120 }, clock);
        await using var lookAlike = await SyncLookAlike.StartAsync(clock);
        var bodies = new List<string>
        {
            WithingsNotificationBody.Weight(Heavy, day.AddHours(7), day.AddHours(7).AddMinutes(1)),
            WithingsNotificationBody.Sleep(Heavy, day.AddHours(-2), day.AddHours(6)),
        };
        bodies.AddRange(Enumerable.Range(1, LightUsers).Select(u => WithingsNotificationBody.Weight(u, day.AddHours(8), day.AddHours(8).AddMinutes(1))));
        await using var host = await SyncHost.StartAsync(
            lookAlike,
            [Heavy, .. Enumerable.Range(1, LightUsers).Select(u => (long)u)],
            o =>
            {
                // Every window closes once all are in (the fake clock never reaches the window's end), one request out.
                o.BatchWindow = TimeSpan.FromMinutes(10);
                o.MaxBatch = bodies.Count;
                o.UserConcurrency = 1;
                o.FetchDeadline = deadline;
            },
            s =>
            {
                s.AddSingleton<TimeProvider>(clock);
                s.AddKeyedSingleton<RateLimiter>(WithingsRateLimiter.ServiceKey, limiter);
                s.AddSingleton(deadLetters);
            });
        using var stop = new CancellationTokenSource();
        var driver = LimiterClock.DriveAsync(clock, limiter, stop.Token);

        foreach (var body in bodies)
        {
            await host.PostAsync(body);
        }

        await host.Recorder.WaitForNotificationsAsync(bodies.Count);
        await stop.CancelAsync();
        await driver;

        var heavyCalls = lookAlike.Calls.Where(c => c.BearerToken == "access-" + Heavy).Select(c => c.ReceivedAt).ToList();
        heavyCalls.Should().HaveCount(3);
        (heavyCalls[^1] - heavyCalls[0]).Should().BeGreaterThan(deadline, "the heavy user waited behind the light users' turns longer than its deadline");
        deadLetters.TryNext(out _).Should().BeFalse("waiting for turns is not the fetch's time");
        host.Recorder.Data.Should().ContainSingle(d => d.UserId == Heavy).Which.Failures.Should().BeEmpty();
    }

    [Test]
    public async Task Shutdown_cut_while_a_fetch_hangs_counts_every_notification_read_but_not_handled()
    {
        using var release = new ManualResetEventSlim();
        var aliceArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var lookAlike = await SyncLookAlike.StartAsync();
        lookAlike.Script = call => Hold(call, Alice, aliceArrived, release);
        try
        {
            await using var host = await SyncHost.StartAsync(
                lookAlike,
                [Alice, Bob, Carol],
                o =>
                {
                    // Alice's batch alone: Bob's and Carol's notifications are read from the queue into the engine's
                    // buffer while her fetch hangs, so the queue itself counts none of them.
                    o.MaxBatch = 1;
                    o.UserConcurrency = 1;
                },
                s => s.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromMilliseconds(500)));
            using var undrained = Meters.Collect<long>(host.App.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "withings.notifications.undrained");

            await host.PostAsync(Payloads.Weight(Alice, 1709366400));
            await aliceArrived.Task.WaitAsync(TestTimeouts.Wait);
            await host.PostAsync(Payloads.Weight(Bob, 1709366400));
            await host.PostAsync(Payloads.Weight(Carol, 1709366400));

            await host.App.StopAsync();

            Meters.Sum(undrained).Should().Be(3, "Alice's hung notification and the two behind it were left for the next start");
            host.Recorder.Data.Should().BeEmpty();
        }
        finally
        {
            release.Set();
        }
    }

    // Blocks the look-alike's reply to the user's requests until released (a hang guard of TestTimeouts.Wait), then
    // lets the scripted answer go.
    private static WithingsReply? Hold(WithingsRequest call, long user, TaskCompletionSource arrived, ManualResetEventSlim release)
    {
        if (call.BearerToken == "access-" + user)
        {
            arrived.TrySetResult();
            release.Wait(TestTimeouts.Wait);
        }

        return null;
    }
}
