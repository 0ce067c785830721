using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>The durable store, the default queue: what was acknowledged survives a restart, and nothing more stays.</summary>
public sealed class DurableQueueTests : TemporaryStoreTest
{
    [Test]
    public async Task Restart_WithAcknowledgedNotificationsUnhandled_HandlesEveryOneAfterRestart()
    {
        var stuck = new RecordingHandler { Before = (_, ct) => Task.Delay(Timeout.Infinite, ct) };
        await using (var first = await StartAsync(stuck, services: s => s.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(200))))
        {
            foreach (var user in new long[] { 1, 2, 3 })
            {
                using var response = await first.PostAsync(Payloads.Weight(user, 1530576000));
                response.StatusCode.Should().Be(HttpStatusCode.OK);
            }

            // The host's shutdown deadline cancels the stuck handler: nothing was processed.
            await first.StopAsync();
        }

        stuck.Count.Should().Be(0);
        var handler = new RecordingHandler();
        await using var second = await StartAsync(handler);
        var handled = new List<long?>();
        for (var i = 0; i < 3; i++)
        {
            handled.Add((await handler.NextAsync()).Notification.UserId);
        }

        handled.Should().BeEquivalentTo(new long?[] { 1, 2, 3 });
        await WaitUntilAsync(() => QueuedRows() == 0);
    }

    [Test]
    public async Task Stop_DrainCutWhileOneWaitsForItsRetry_LeavesEveryRowForTheNextStart_NoShutdownDeadLetter()
    {
        // One slot: user 1 fails and waits for a retry an hour away (without its slot), user 2 hangs in the handler,
        // user 3 waits for the slot. The shutdown timeout then cuts the drain.
        var gate = new Gate();
        var first = new RecordingHandler
        {
            Before = (n, ct) => n.UserId == 1 ? throw new InvalidOperationException("first attempt fails") : gate.PassAsync(ct),
        };
        await using (var host = await StartAsync(
            first,
            o =>
            {
                o.HandlerConcurrency = 1;
                o.HandlerTimeout = Timeout.InfiniteTimeSpan;
                o.Retry.BaseDelay = TimeSpan.FromHours(1);
            },
            s => s.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromMilliseconds(500))))
        {
            using var undrained = Meters.Collect<long>(host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "withings.notifications.undrained");
            using (var failing = await host.PostAsync(Payloads.Weight(1, 1530576000)))
            {
                failing.StatusCode.Should().Be(HttpStatusCode.OK);
            }

            using (var hanging = await host.PostAsync(Payloads.Weight(2, 1530576000)))
            {
                hanging.StatusCode.Should().Be(HttpStatusCode.OK);
            }

            // User 2 holds the only slot, so user 1 waits for its retry without it.
            await gate.Reached;
            using (var waiting = await host.PostAsync(Payloads.Weight(3, 1530576000)))
            {
                waiting.StatusCode.Should().Be(HttpStatusCode.OK);
            }

            await host.StopAsync();
            Meters.Sum(undrained).Should().Be(3, "the retry-waiting, the hung and the queued notification were left");
        }

        first.Count.Should().Be(0);
        QueuedRows().Should().Be(3, "a durable queue keeps its shutdown leftovers, the retry-waiting one included");
        Rows("withings_dead_letters").Should().Be(0, "only the in-memory queue dead-letters its leftovers as Shutdown");

        var second = new RecordingHandler();
        await using var restarted = await StartAsync(second);
        var handled = new List<long?>();
        for (var i = 0; i < 3; i++)
        {
            handled.Add((await second.NextAsync()).Notification.UserId);
        }

        handled.Should().BeEquivalentTo(new long?[] { 1, 2, 3 });
        await WaitUntilAsync(() => QueuedRows() == 0);
    }

    [Test]
    public async Task Post_RetryOfAHandledNotificationAfterRestart_IsAcknowledgedAndDroppedAsDuplicate()
    {
        var handler = new RecordingHandler();
        await using (var first = await StartAsync(handler))
        {
            using var original = await first.PostAsync(Payloads.CapturedSleep);
            original.StatusCode.Should().Be(HttpStatusCode.OK);
            (await handler.NextAsync()).Notification.UserId.Should().Be(13371337);
        }

        await using var second = await StartAsync(handler);
        using var retry = await second.PostAsync(Payloads.CapturedSleep);
        using var other = await second.PostAsync(Payloads.SeedExample);

        retry.StatusCode.Should().Be(HttpStatusCode.OK);
        other.StatusCode.Should().Be(HttpStatusCode.OK);

        // Handled in order: the next one handled is the other notification, not the retry.
        (await handler.NextAsync()).Notification.UserId.Should().Be(12345);
        handler.Count.Should().Be(2);
    }

    [Test]
    public async Task Handled_Notifications_AreRemovedFromTheFile()
    {
        var handler = new RecordingHandler();
        await using var host = await StartAsync(handler);
        for (var user = 1; user <= 20; user++)
        {
            using var response = await host.PostAsync(Payloads.Weight(user, 1530576000));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        for (var i = 0; i < 20; i++)
        {
            await handler.NextAsync();
        }

        await WaitUntilAsync(() => QueuedRows() == 0);
        QueuedRows().Should().Be(0);
    }

    [Test]
    public async Task UseInMemoryQueue_CreatesNoFile()
    {
        var handler = new RecordingHandler();
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(handler).UseInMemoryQueue(), o => o.StorePath = StorePath);
        using var response = await host.PostAsync(Payloads.SeedExample);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await handler.NextAsync()).Notification.UserId.Should().Be(12345);
        File.Exists(StorePath).Should().BeFalse();
        host.Services.GetRequiredService<IWithingsReceiverStore>().GetStatus().Backend.Should().Be("memory");
    }

    private Task<ReceiverHost> StartAsync(RecordingHandler handler, Action<WithingsReceiverOptions>? options = null, Action<IServiceCollection>? services = null) =>
        ReceiverHost.StartAsync(r => r.RecordInto(handler), o =>
        {
            o.StorePath = StorePath;
            options?.Invoke(o);
        }, services);

    private long QueuedRows() => Rows("withings_queue");

    private long Rows(string table)
    {
        using var connection = new SqliteConnection($"Data Source={StorePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM " + table;
        return (long)command.ExecuteScalar()!;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        while (!condition())
        {
            // The queue deletes a handled row just after the handler returns; poll the file for it.
            await Task.Delay(20, timeout.Token);
        }
    }
}
