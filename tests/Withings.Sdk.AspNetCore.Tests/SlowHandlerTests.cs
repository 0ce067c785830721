using System.Net;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>A failing or hung handler does not stop the healthy notifications behind it.</summary>
public sealed class SlowHandlerTests
{
    [Test]
    public async Task FailingHandler_WaitingForItsRetry_FreesItsSlotForTheNextNotification()
    {
        var time = new SignallingTimeProvider();
        var handler = new RecordingHandler
        {
            Before = (n, ct) => n.UserId == 1 ? throw new InvalidOperationException("database unavailable") : Task.CompletedTask,
        };
        await using var host = await ReceiverHost.StartAsync(
            r => r.RecordInto(handler),
            o =>
            {
                o.HandlerConcurrency = 1;
                o.Retry.MaxAttempts = 2;
                o.Retry.BaseDelay = TimeSpan.FromMinutes(10);
                o.HandlerTimeout = Timeout.InfiniteTimeSpan;
            },
            services: s => s.UseFakeClock(time));

        using var failing = await host.PostAsync(Payloads.Weight(1, 1530576000));
        (await time.NextTimerAsync()).Should().Be(TimeSpan.FromMinutes(10), "the failed notification now waits for its retry");
        using var healthy = await host.PostAsync(Payloads.Weight(2, 1530576000));

        // Handled with the clock stopped: the only slot was not held for the ten minutes of backoff.
        (await handler.NextAsync()).Notification.UserId.Should().Be(2);
        handler.Count.Should().Be(1);
    }

    [Test]
    public async Task TwoHungHandlers_PastHandlerTimeout_OthersAreHandledAndTheHungOnesRetried()
    {
        var time = new SignallingTimeProvider();
        var tokens = new List<CancellationToken>();
        var attemptsOfHung = 0;
        var bothHung = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new RecordingHandler
        {
            Before = (n, ct) =>
            {
                if (n.UserId is 1 or 2)
                {
                    if (Interlocked.Increment(ref attemptsOfHung) == 2)
                    {
                        bothHung.TrySetResult();
                    }

                    lock (tokens)
                    {
                        tokens.Add(ct);
                    }

                    // Hung for good, deaf to its token: only the dispatcher walking away frees the slot.
                    return new TaskCompletionSource().Task;
                }

                return Task.CompletedTask;
            },
        };
        await using var host = await ReceiverHost.StartAsync(
            r => r.RecordInto(handler),
            o =>
            {
                o.HandlerConcurrency = 2;
                o.Retry.MaxAttempts = 2;
                o.HandlerTimeout = TimeSpan.FromSeconds(30);
                o.Retry.BaseDelay = TimeSpan.FromMinutes(10);
            },
            services: s => s.UseFakeClock(time));

        using var hung1 = await host.PostAsync(Payloads.Weight(1, 1530576000));
        using var hung2 = await host.PostAsync(Payloads.Weight(2, 1530576000));
        using var healthy = await host.PostAsync(Payloads.Weight(3, 1530576000));
        (await time.NextTimerAsync()).Should().Be(TimeSpan.FromSeconds(30));
        (await time.NextTimerAsync()).Should().Be(TimeSpan.FromSeconds(30));

        // Both attempts are in the handler (each timer is armed just before its handler is called) before time moves.
        await bothHung.Task.WaitAsync(TestTimeouts.Wait);
        handler.Count.Should().Be(0, "both slots are taken by the hung handlers");

        time.Advance(TimeSpan.FromSeconds(30));

        (await handler.NextAsync()).Notification.UserId.Should().Be(3);
        lock (tokens)
        {
            tokens.Should().HaveCount(2).And.OnlyContain(t => t.IsCancellationRequested, "past the timeout each attempt's token is cancelled");
        }

        // The timed-out attempts count as failed: both wait for their retry, ten minutes later.
        (await NextTimerOtherThanAsync(time, TimeSpan.FromSeconds(30))).Should().Be(TimeSpan.FromMinutes(10));
        (await NextTimerOtherThanAsync(time, TimeSpan.FromSeconds(30))).Should().Be(TimeSpan.FromMinutes(10));
        Volatile.Read(ref attemptsOfHung).Should().Be(2, "neither was tried again: the clock did not reach their retry");
    }

    [Test]
    public async Task HandlerPastTimeout_OnTheLastAttempt_IsDeadLetteredAsFailed()
    {
        var time = new SignallingTimeProvider();
        var deadLetters = new RecordingDeadLetterSink();
        var handler = new RecordingHandler { Before = (n, ct) => Task.Delay(Timeout.Infinite, ct) };
        await using var host = await ReceiverHost.StartAsync(
            r => r.RecordInto(handler, deadLetters),
            o =>
            {
                o.Retry.MaxAttempts = 1;
                o.HandlerTimeout = TimeSpan.FromSeconds(5);
            },
            services: s => s.UseFakeClock(time));

        using var response = await host.PostAsync(Payloads.CapturedSleep);
        await NextTimerOfAsync(time, TimeSpan.FromSeconds(5));
        time.Advance(TimeSpan.FromSeconds(5));

        var deadLetter = await deadLetters.NextAsync();
        deadLetter.Reason.Should().Be(WithingsDeadLetterReason.HandlerFailed);
        host.Logs.GetSnapshot().Should().ContainSingle(r => r.Category == "Withings.Sdk.AspNetCore.DeadLetterWriter").Which.Exception.Should().BeOfType<TimeoutException>();
        deadLetter.Error.Should().Contain("HandlerTimeout");
    }

    private static async Task<TimeSpan> NextTimerOtherThanAsync(SignallingTimeProvider time, TimeSpan skipped)
    {
        while (true)
        {
            var due = await time.NextTimerAsync();
            if (due != skipped)
            {
                return due;
            }
        }
    }

    private static async Task NextTimerOfAsync(SignallingTimeProvider time, TimeSpan wanted)
    {
        while (await time.NextTimerAsync() != wanted)
        {
        }
    }
}
