using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Withings.Sdk.AspNetCore.Tests.Sync;
using Withings.Sdk.Testing;

namespace Withings.Sdk.AspNetCore.Tests.Backfill;

/// <summary>
/// A backfill spends only the spare budget: a live notification that arrives while a backfill runs waits for at most
/// the one backfill request already sent. On a fake clock that the test moves: the live notification sits in the sync
/// engine's batching window until the test closes it, which is exactly when a backfill without the gate would go on.
/// </summary>
public sealed class BackfillPriorityTests
{
    private const long Alice = 12345;
    private const long Bob = 67890;

    [Test]
    public async Task Live_notification_posted_during_a_backfill_is_fetched_after_at_most_one_backfill_request()
    {
        var clock = new SignallingTimeProvider();
        clock.SetUtcNow(new DateTimeOffset(2024, 3, 2, 12, 0, 0, TimeSpan.Zero));
        var window = TimeSpan.FromMinutes(10);
        var order = new List<WithingsRequest>();
        var aliceCalls = 0;
        var thirdArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fourthArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new ManualResetEventSlim();
        await using var lookAlike = await SyncLookAlike.StartAsync();
        lookAlike.Script = call =>
        {
            int alice;
            lock (order)
            {
                order.Add(call);
                alice = call.BearerToken == "access-" + Alice ? ++aliceCalls : 0;
            }

            if (alice == 3)
            {
                // The backfill's third request is in flight (its permit taken) when Bob's notification arrives.
                thirdArrived.TrySetResult();
                release.Wait(TestTimeouts.Wait);
            }
            else if (alice == 4)
            {
                fourthArrived.TrySetResult();
            }

            return null;
        };
        try
        {
            await using var host = await BackfillHost.StartAsync(
                lookAlike,
                [Alice, Bob],
                sync: o => o.BatchWindow = window,
                services: s => s.AddSingleton<TimeProvider>(clock),
                settings: new()
                {
                    // The limiter never binds here: the gate alone keeps the backfill back.
                    ["Withings:RateLimit:PermitsPerMinute"] = "100000",
                    ["Withings:RateLimit:Burst"] = "1000",
                });
            var planned = await host.Backfill.BackfillAsync(Alice, clock.GetUtcNow().AddDays(-3));
            planned.Remaining.Should().Be(10, "getmeas, getactivity, getworkouts, getsummary, and three days of intraday and sleep windows");

            await thirdArrived.Task.WaitAsync(TestTimeouts.Wait);
            await host.PostAsync(Payloads.Weight(Bob, 1709366400));
            int posted;
            lock (order)
            {
                posted = order.Count;
            }

            release.Set();

            // The backfill's next request either waits at the gate (which looks again every PollInterval on the clock)
            // or, without a gate, reaches Withings while Bob's notification waits in the engine's window.
            var gatePolling = WaitForTimerAsync(clock, BackfillGate.PollInterval);
            (await Task.WhenAny(gatePolling, fourthArrived.Task).WaitAsync(TestTimeouts.Wait)).Should().BeSameAs(gatePolling, "the backfill waits while a live notification waits");

            // Bob's window closes: he is fetched, handled and marked processed; then the gate opens on its next look.
            clock.Advance(window);
            await host.Recorder.WaitForBatchesAsync(1);
            var finished = host.Events.WaitForFinishedAsync(1);
            while (true)
            {
                // One reader of the clock's timers: each look of the closed gate is let through by moving the clock.
                var timer = clock.NextTimerAsync();
                if (await Task.WhenAny(timer, finished) == finished)
                {
                    break;
                }

                if (await timer == BackfillGate.PollInterval)
                {
                    clock.Advance(BackfillGate.PollInterval);
                }
            }

            List<WithingsRequest> calls;
            lock (order)
            {
                calls = [.. order];
            }

            var bobFetched = calls.FindIndex(c => c.BearerToken == "access-" + Bob);
            bobFetched.Should().BeGreaterThanOrEqualTo(posted);
            calls.Skip(posted).Take(bobFetched - posted).Count(c => c.BearerToken == "access-" + Alice)
                .Should().BeLessThanOrEqualTo(1, "Bob waits at most for the one backfill request already sent");
            var alice = calls.Where(c => c.BearerToken == "access-" + Alice).Select(Describe).ToList();
            alice.Should().HaveCount(10).And.OnlyHaveUniqueItems("the backfill went on after Bob, each request once");
            host.Events.Finished.Should().ContainSingle().Which.Should().Be(planned with { Done = 10, Remaining = 0 });
        }
        finally
        {
            release.Set();
        }
    }

    private static string Describe(WithingsRequest call) =>
        string.Create(CultureInfo.InvariantCulture, $"{call.Path} {call.Action} {call.Field("startdate")}{call.Field("startdateymd")}");

    // The next timer armed with the given due time (others, such as request timeouts, are passed over).
    private static async Task WaitForTimerAsync(SignallingTimeProvider clock, TimeSpan due)
    {
        while (await clock.NextTimerAsync() != due)
        {
        }
    }
}
