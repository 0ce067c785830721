using System.Net;
using Microsoft.Extensions.Hosting;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>Stopping the host stops accepting and drains what was acknowledged.</summary>
public sealed class ShutdownTests
{
    [Test]
    public async Task StopAsync_WithAcknowledgedNotificationsQueued_HandlesEveryOneBeforeReturning()
    {
        IHostApplicationLifetime? lifetime = null;
        var gate = new Gate();
        var handler = new RecordingHandler
        {
            // The first notification finishes only once the host is stopping, so the other two are handled during the drain.
            Before = async (n, ct) =>
            {
                if (n.UserId == 1)
                {
                    await gate.PassAsync(ct);
                    await Task.Delay(Timeout.Infinite, lifetime!.ApplicationStopping).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            },
        };
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(handler), o => o.HandlerConcurrency = 1);
        lifetime = host.App.Lifetime;
        gate.Open();

        using var first = await host.PostAsync(Payloads.Weight(1, 1530576000));
        await gate.Reached;
        using var second = await host.PostAsync(Payloads.Weight(2, 1530576000));
        using var third = await host.PostAsync(Payloads.Weight(3, 1530576000));
        new[] { first.StatusCode, second.StatusCode, third.StatusCode }.Should().AllBeEquivalentTo(HttpStatusCode.OK);
        handler.Count.Should().Be(0);

        await host.StopAsync();

        handler.Count.Should().Be(3);
        var handled = new List<long?>();
        while (handler.TryNext(out var next))
        {
            handled.Add(next.Notification.UserId);
        }

        handled.Should().Equal(1L, 2L, 3L);
        host.Logs.GetSnapshot().Select(r => r.Message).Should().NotContain(m => m.Contains("stopped before draining", StringComparison.Ordinal));
    }

    [Test]
    public async Task Post_AfterStopWasRequested_Returns503()
    {
        var handler = new RecordingHandler();
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(handler));

        // Started with StartAsync, the host does not stop by itself: the server still listens while the
        // application is stopping, as in the moment between SIGTERM and the server's shutdown.
        host.App.Lifetime.StopApplication();
        using var response = await host.PostAsync(Payloads.SeedExample);
        using var head = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/withings/notify"));

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        head.StatusCode.Should().Be(HttpStatusCode.OK);
        handler.Count.Should().Be(0);
    }
}
