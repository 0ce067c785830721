using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>A failing handler is retried with backoff, then dead-lettered; the host keeps running.</summary>
public sealed class RetryTests
{
    [Test]
    public async Task Handler_ThrowsEveryTime_RetriedWithDoublingDelaysThenDeadLettered()
    {
        var time = new SignallingTimeProvider();
        var attempts = 0;
        var handler = new RecordingHandler
        {
            Before = (n, ct) =>
            {
                Interlocked.Increment(ref attempts);
                throw new InvalidOperationException("database unavailable");
            },
        };
        var deadLetters = new RecordingDeadLetterSink();
        await using var host = await ReceiverHost.StartAsync(
            r => r.RecordInto(handler, deadLetters),
            o =>
            {
                o.Retry.MaxAttempts = 3;
                o.Retry.BaseDelay = TimeSpan.FromSeconds(1);
                o.HandlerConcurrency = 1;

                // Its timer would be the first the fake clock reports; this test watches the retry timers only.
                o.HandlerTimeout = Timeout.InfiniteTimeSpan;
            },
            services: s => s.AddSingleton<TimeProvider>(time));

        using var response = await host.PostAsync(Payloads.SeedExample);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await time.NextTimerAsync()).Should().Be(TimeSpan.FromSeconds(1));
        Volatile.Read(ref attempts).Should().Be(1);
        time.Advance(TimeSpan.FromSeconds(1));
        (await time.NextTimerAsync()).Should().Be(TimeSpan.FromSeconds(2));
        Volatile.Read(ref attempts).Should().Be(2);
        time.Advance(TimeSpan.FromSeconds(2));

        var deadLetter = await deadLetters.NextAsync();
        deadLetter.Reason.Should().Be(WithingsDeadLetterReason.HandlerFailed);
        deadLetter.Attempts.Should().Be(3);
        deadLetter.Error.Should().Be("database unavailable");
        host.Logs.GetSnapshot().Should().ContainSingle(r => r.Category == "Withings.Sdk.AspNetCore.DeadLetterWriter").Which.Exception.Should().BeOfType<InvalidOperationException>("the warning carries the last exception; the store keeps its message");
        deadLetter.Notification.Should().BeOfType<WeightNotification>();
        deadLetter.Body.Should().Be("foo=bar&userid=12345&appli=1&startdate=1530576000&enddate=1530698753");
        Volatile.Read(ref attempts).Should().Be(3);
        handler.Count.Should().Be(0);
    }

    [Test]
    public async Task Handler_FailsOnceThenSucceeds_HandledOnTheSecondAttempt()
    {
        var attempts = 0;
        var handler = new RecordingHandler
        {
            Before = (n, ct) => Interlocked.Increment(ref attempts) == 1 ? throw new TimeoutException("first try times out") : Task.CompletedTask,
        };
        var deadLetters = new RecordingDeadLetterSink();
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(handler, deadLetters), o => o.Retry.MaxAttempts = 2);

        using var response = await host.PostAsync(Payloads.CapturedSleep);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await handler.NextAsync()).Notification.Should().BeOfType<SleepNotification>();
        Volatile.Read(ref attempts).Should().Be(2);
        deadLetters.TryNext(out _).Should().BeFalse();
    }

    [Test]
    public async Task DeadLetterMove_Throws_HostKeepsHandlingLaterNotifications()
    {
        var handler = new RecordingHandler();
        var failing = new RecordingDeadLetterSink { Failure = new IOException("dead-letter store unavailable") };
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(handler, failing));

        using var garbage = await host.PostAsync(Payloads.Garbage);
        using var valid = await host.PostAsync(Payloads.SeedExample);

        garbage.StatusCode.Should().Be(HttpStatusCode.OK);
        valid.StatusCode.Should().Be(HttpStatusCode.OK);
        (await handler.NextAsync()).Notification.UserId.Should().Be(12345);
    }
}
