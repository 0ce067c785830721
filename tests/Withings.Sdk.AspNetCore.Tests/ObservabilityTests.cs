using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>The "Withings.Sdk" meter and activity source.</summary>
public sealed class ObservabilityTests
{
    [Test]
    public async Task Counters_DistinctDuplicateAndGarbage_CountEachOutcome()
    {
        var handler = new RecordingHandler();
        var deadLetters = new RecordingDeadLetterSink();
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(handler, deadLetters));
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var received = Meters.Collect<long>(meters, "withings.notifications.received");
        using var acknowledged = Meters.Collect<long>(meters, "withings.notifications.acknowledged");
        using var duplicates = Meters.Collect<long>(meters, "withings.notifications.duplicates");
        using var deadLettered = Meters.Collect<long>(meters, "withings.notifications.dead_lettered");
        using var handled = Meters.Collect<long>(meters, "withings.notifications.handled");
        using var duration = Meters.Collect<double>(meters, "withings.handler.duration");

        (await host.PostAsync(Payloads.SeedExample)).Dispose();
        (await host.PostAsync(Payloads.SeedExample)).Dispose();
        (await host.PostAsync(Payloads.Garbage)).Dispose();
        await handler.NextAsync();
        await deadLetters.NextAsync();
        await handled.WaitForMeasurementsAsync(1, TestTimeouts.Wait);

        Meters.Sum(received).Should().Be(3);
        Meters.Sum(acknowledged).Should().Be(3);
        Meters.Sum(duplicates).Should().Be(1);
        Meters.Sum(deadLettered).Should().Be(1);
        deadLettered.LastMeasurement!.Tags["reason"].Should().Be("unparseable");
        Meters.Sum(handled).Should().Be(1);
        handled.LastMeasurement!.Tags["withings.appli"].Should().Be(1);
        duration.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags["outcome"].Should().Be("success");
    }

    [Test]
    public async Task QueueDepthGauge_TwoWaitingBehindABusyHandler_ReportsTwo()
    {
        var gate = new Gate();
        var handler = new RecordingHandler { Before = (n, ct) => gate.PassAsync(ct) };
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(handler), o => o.HandlerConcurrency = 1);
        using var depth = Meters.Collect<int>(host.Services.GetRequiredService<IMeterFactory>(), "withings.queue.depth");

        (await host.PostAsync(Payloads.Weight(1, 1530576000))).Dispose();
        await gate.Reached;
        (await host.PostAsync(Payloads.Weight(2, 1530576000))).Dispose();
        (await host.PostAsync(Payloads.Weight(3, 1530576000))).Dispose();
        depth.RecordObservableInstruments();
        gate.Open();

        depth.LastMeasurement!.Value.Should().Be(2);
    }

    [Test]
    public async Task Activity_NotificationHandled_OneConsumerSpanWithAppliAndOutcome()
    {
        var stopped = new ConcurrentQueue<Activity>();
        var spanEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Withings.Sdk",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                stopped.Enqueue(activity);
                spanEnded.TrySetResult();
            },
        };
        ActivitySource.AddActivityListener(listener);
        var handler = new RecordingHandler();
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(handler));

        (await host.PostAsync(Payloads.CapturedSleep)).Dispose();
        await spanEnded.Task.WaitAsync(TestTimeouts.Wait);

        var span = stopped.Should().ContainSingle().Subject;
        span.OperationName.Should().Be("Withings notification");
        span.Kind.Should().Be(ActivityKind.Consumer);
        span.GetTagItem("withings.appli").Should().Be(44);
        span.GetTagItem("withings.outcome").Should().Be("handled");
        span.GetTagItem("withings.attempts").Should().Be(1);
    }

    [Test]
    public async Task Activity_NotificationHandled_LinksTheIncomingRequestThatDeliveredIt()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Withings.Sdk" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var handler = new RecordingHandler();
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(handler));

        (await host.PostAsync(Payloads.CapturedSleep)).Dispose();
        await handler.NextAsync();

        // The request's span context travelled with the notification through the store to the handler's span.
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        Activity? span;
        while ((span = stopped.SingleOrDefault(a => a.OperationName == "Withings notification")) is null)
        {
            await Task.Delay(20, timeout.Token);
        }

        var link = span.Links.Should().ContainSingle().Subject;
        while (!stopped.Any(a => a.Source.Name == "Microsoft.AspNetCore" && a.SpanId == link.Context.SpanId))
        {
            await Task.Delay(20, timeout.Token);
        }

        span.TraceId.Should().NotBe(link.Context.TraceId, "the handler's span starts a trace of its own and links the request's");
    }
}
