using System.Net;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>A full queue answers 503 so that Withings retries later (2 tries per cycle, 5 cycles: docs/withings-api.md §1).</summary>
public sealed class BackpressureTests
{
    [Test]
    public async Task Post_QueueFull_Returns503AndTheRetryIsHandledLater()
    {
        var gate = new Gate();
        var handler = new RecordingHandler { Before = (n, ct) => n.UserId == 1 ? gate.PassAsync(ct) : Task.CompletedTask };
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(handler), o =>
        {
            // The capacity counts what is held until processed, the notification in the handler included.
            o.QueueCapacity = 2;
            o.HandlerConcurrency = 1;
        });

        using var inHandler = await host.PostAsync(Payloads.Weight(1, 1530576000));
        await gate.Reached;
        using var queued = await host.PostAsync(Payloads.Weight(2, 1530576000));
        using var refused = await host.PostAsync(Payloads.Weight(3, 1530576000));

        inHandler.StatusCode.Should().Be(HttpStatusCode.OK);
        queued.StatusCode.Should().Be(HttpStatusCode.OK);
        refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);

        gate.Open();
        (await handler.NextAsync()).Notification.UserId.Should().Be(1);
        (await handler.NextAsync()).Notification.UserId.Should().Be(2);

        // The refused notification was not remembered as received: Withings' retry is handled, not dropped as a duplicate.
        using var retried = await host.PostAsync(Payloads.Weight(3, 1530576000));
        retried.StatusCode.Should().Be(HttpStatusCode.OK);
        (await handler.NextAsync()).Notification.UserId.Should().Be(3);
    }
}
