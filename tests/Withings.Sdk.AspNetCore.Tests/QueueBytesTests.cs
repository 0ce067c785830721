using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>
/// Both queues, the durable store and the in-memory one, are bounded in bytes as well as in count, with the same
/// meaning: a notification holds its place from acknowledgement to processed, retry-waiting ones included.
/// </summary>
public sealed class QueueBytesTests
{
    private static readonly object[] Queues = ["durable", "memory"];

    [TestCaseSource(nameof(Queues))]
    public async Task Post_BodiesPastQueueCapacityBytes_Returns503UntilTheHeldOnesAreProcessed(string queue)
    {
        var gate = new Gate();
        var handler = new RecordingHandler { Before = (n, ct) => n.UserId == 1 ? gate.PassAsync(ct) : Task.CompletedTask };
        await using var host = await ReceiverHost.StartAsync(r => On(queue, r.RecordInto(handler)), o =>
        {
            o.HandlerConcurrency = 1;
            o.QueueCapacityBytes = 100 * 1024;
        });

        // Valid notifications padded with an unknown field, as a hostile sender would, each about 60 KiB.
        using var first = await host.PostAsync(Padded(1, 60 * 1024));
        await gate.Reached;
        using var second = await host.PostAsync(Padded(2, 60 * 1024));
        using var small = await host.PostAsync(Payloads.Weight(3, 1530576000));

        first.StatusCode.Should().Be(HttpStatusCode.OK, "an empty queue takes any body within MaxBodyBytes");
        second.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "120 KiB would pass the 100 KiB limit, although the count limit is 10 000");
        small.StatusCode.Should().Be(HttpStatusCode.OK, "a real-sized body still fits");

        gate.Open();
        (await handler.NextAsync()).Notification.UserId.Should().Be(1);
        (await handler.NextAsync()).Notification.UserId.Should().Be(3);
        using var retried = await host.PostAsync(Padded(2, 60 * 1024));
        retried.StatusCode.Should().Be(HttpStatusCode.OK, "the bytes of processed notifications are released");
        (await handler.NextAsync()).Notification.UserId.Should().Be(2);
    }

    [TestCaseSource(nameof(Queues))]
    public async Task Post_WhileAnotherWaitsForItsRetry_TheWaitingOneStillCountsAgainstTheLimit(string queue)
    {
        var time = new SignallingTimeProvider();
        var handler = new RecordingHandler { Before = (n, ct) => n.UserId == 1 ? throw new InvalidOperationException("down") : Task.CompletedTask };
        await using var host = await ReceiverHost.StartAsync(
            r => On(queue, r.RecordInto(handler)),
            o =>
            {
                o.QueueCapacity = 1;
                o.Retry.MaxAttempts = 2;
                o.Retry.BaseDelay = TimeSpan.FromMinutes(1);
                o.HandlerTimeout = Timeout.InfiniteTimeSpan;
            },
            services: s => s.UseFakeClock(time));

        using var failing = await host.PostAsync(Payloads.Weight(1, 1530576000));
        (await time.NextTimerAsync()).Should().Be(TimeSpan.FromMinutes(1));
        using var refused = await host.PostAsync(Payloads.Weight(2, 1530576000));

        failing.StatusCode.Should().Be(HttpStatusCode.OK);
        refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "the notification waiting for its retry is still held");
    }

    private static WithingsReceiverBuilder On(string queue, WithingsReceiverBuilder receiver) =>
        queue == "memory" ? receiver.UseInMemoryQueue() : receiver;

    private static string Padded(long userId, int bytes)
    {
        var body = Payloads.Weight(userId, 1530576000) + "&padding=";
        return body + new string('x', bytes - body.Length);
    }
}
