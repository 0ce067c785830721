using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>Past the host's shutdown timeout nothing acknowledged disappears without a trace.</summary>
public sealed class ShutdownTimeoutTests
{
    [Test]
    public async Task Stop_InMemoryDrainCutByShutdownTimeout_CancelsHandlersLogsCountsAndDeadLettersTheLeftovers()
    {
        var tokens = new List<CancellationToken>();
        var gate = new Gate();
        var handler = new RecordingHandler
        {
            Before = async (n, ct) =>
            {
                lock (tokens)
                {
                    tokens.Add(ct);
                }

                await gate.PassAsync(ct);
            },
        };
        var deadLetters = new RecordingDeadLetterSink();
        await using var host = await ReceiverHost.StartAsync(
            // The in-memory queue: only it dead-letters its leftovers (DurableQueueTests covers the durable store's).
            r => r.RecordInto(handler, deadLetters).UseInMemoryQueue(),
            o =>
            {
                o.HandlerConcurrency = 1;
                o.HandlerTimeout = Timeout.InfiniteTimeSpan;
            },
            services: s => s.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromMilliseconds(500)));
        using var undrained = Meters.Collect<long>(host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "withings.notifications.undrained");

        for (var user = 1; user <= 3; user++)
        {
            using var response = await host.PostAsync(Payloads.Weight(user, 1530576000));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        await gate.Reached;
        await host.StopAsync();

        lock (tokens)
        {
            tokens.Should().ContainSingle().Which.IsCancellationRequested.Should().BeTrue("the handlers' token is cancelled at the deadline");
        }

        var error = host.Logs.GetSnapshot().Should().ContainSingle(r => r.Message.Contains("stopped before draining", StringComparison.Ordinal)).Subject;
        error.Level.Should().Be(LogLevel.Error);
        error.Message.Should().Contain("3 acknowledged notifications");
        Meters.Sum(undrained).Should().Be(3);
        // Dead-lettered by the in-memory store itself once the host stopped: kept (until the process ends) and logged.
        var shutdownLetters = await host.Services.GetRequiredService<IWithingsDeadLetterStore>().ListAsync(default);
        shutdownLetters.Should().HaveCount(3).And.OnlyContain(d => d.Reason == WithingsDeadLetterReason.Shutdown);
        shutdownLetters.Select(d => d.Body).Should().BeEquivalentTo(Enumerable.Range(1, 3).Select(user => Payloads.Weight(user, 1530576000)), "the body is kept for replay");
        host.Logs.GetSnapshot().Count(r => r.Category == "Withings.Sdk.AspNetCore.InMemoryReceiverStore" && r.Message.Contains("Shutdown", StringComparison.Ordinal)).Should().Be(3);
        deadLetters.TryNext(out _).Should().BeFalse("nothing went through a consumer's dead-lettering");
        handler.Count.Should().Be(0);
    }
}
