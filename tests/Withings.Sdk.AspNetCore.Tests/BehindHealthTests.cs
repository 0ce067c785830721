using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>
/// A backlog older than <c>Withings:Receiver:BehindAfter</c> makes the health check say the receiver is behind, with
/// the backlog's age and size; nothing is dropped, and once the consumer catches up the check is healthy again.
/// </summary>
public sealed class BehindHealthTests
{
    [Test]
    public async Task OldestNotificationWaitingLongerThanBehindAfter_IsDegradedAsBehind_UntilTheBacklogIsHandled()
    {
        var time = new SignallingTimeProvider();
        var gate = new Gate();
        var handler = new RecordingHandler { Before = (_, ct) => gate.PassAsync(ct) };
        await using var host = await ReceiverHost.StartAsync(
            r => r.RecordInto(handler),
            o =>
            {
                o.HandlerConcurrency = 1;
                o.HandlerTimeout = Timeout.InfiniteTimeSpan;
                o.BehindAfter = TimeSpan.FromMinutes(5);
            },
            s => s.UseFakeClock(time).AddHealthChecks().AddWithingsReceiver());
        var health = host.Services.GetRequiredService<HealthCheckService>();

        using (await host.PostAsync(Payloads.Weight(1, 1530576000)))
        {
            await gate.Reached;
        }

        using (var second = await host.PostAsync(Payloads.Weight(2, 1530576000)))
        {
            second.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        var waiting = (await health.CheckHealthAsync()).Entries["withings-receiver"];
        waiting.Status.Should().Be(HealthStatus.Healthy, "a backlog younger than BehindAfter is only waiting");
        waiting.Data["behind"].Should().Be(false);

        time.Advance(TimeSpan.FromSeconds(1));
        var behind = (await health.CheckHealthAsync()).Entries["withings-receiver"];
        behind.Status.Should().Be(HealthStatus.Degraded);
        behind.Description.Should().Contain("behind").And.Contain("2 notifications").And.Contain("5 minutes").And.Contain("Withings:Receiver:BehindAfter");
        behind.Data["behind"].Should().Be(true);
        behind.Data["stored"].Should().Be(2);
        ((double)behind.Data["oldest_unprocessed_seconds"]).Should().Be(300);

        gate.Open();
        (await handler.NextAsync()).Notification.UserId.Should().Be(1);
        (await handler.NextAsync()).Notification.UserId.Should().Be(2);
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        HealthReportEntry caughtUp;
        // Until the store let go of both: the age is that of what waits to be read, so the check is healthy again a
        // moment before the last one handled is completed.
        while ((caughtUp = (await health.CheckHealthAsync(timeout.Token)).Entries["withings-receiver"]).Status != HealthStatus.Healthy
            || (int)caughtUp.Data["stored"] != 0)
        {
            await Task.Delay(20, timeout.Token);
        }

        caughtUp.Data["behind"].Should().Be(false);
    }

    [Test]
    public async Task BehindAfter_NotPositive_FailsAtStartNamingTheKey()
    {
        var app = ReceiverHost.Build(r => r.AddHandler((_, _, _) => Task.CompletedTask), o => o.BehindAfter = TimeSpan.Zero);
        await using var _ = app;

        var start = () => app.StartAsync();

        (await start.Should().ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>())
            .Which.Failures.Should().Contain("Withings:Receiver:BehindAfter: must be positive.");
    }
}
