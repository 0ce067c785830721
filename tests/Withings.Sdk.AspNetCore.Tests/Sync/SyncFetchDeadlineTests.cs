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
