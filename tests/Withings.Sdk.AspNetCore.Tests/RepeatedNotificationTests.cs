using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>
/// A body without a window only says "something changed": the same body once the first was taken for handling is new
/// data and is handled again; the same body while the first still waits is the same work and is handled once. A
/// windowed body (or a device event's epoch date) names one change: the same body again is Withings' retry, absorbed
/// for <see cref="WithingsReceiverOptions.DuplicateTimeToLive"/>. Every backend of the duplicate filter, through the
/// per-notification receiver (the sync engine's tests are in Sync/SyncRepeatedNotificationTests).
/// </summary>
public sealed class RepeatedNotificationTests
{
    public enum Backend
    {
        DurableStore,
        InMemory,
        DistributedCache,
    }

    // A distinct windowed body posted last: once it is handled, everything posted before it was handled or dropped
    // (one handler slot takes the queue in order).
    private const string Marker = "userid=777&appli=44&startdate=1709336580&enddate=1709368500";

    [TestCase(Backend.DurableStore)]
    [TestCase(Backend.InMemory)]
    [TestCase(Backend.DistributedCache)]
    public async Task Activity_date_posted_again_after_it_was_handled_is_handled_again(Backend backend)
    {
        var handler = new RecordingHandler();
        await using var host = await StartAsync(backend, handler);

        await PostAsync(host, "userid=12345&appli=16&date=2024-03-02");
        (await handler.NextAsync()).Notification.Should().BeOfType<ActivityNotification>();
        await PostAsync(host, "userid=12345&appli=16&date=2024-03-02");
        await PostAsync(host, Marker);

        var next = (await handler.NextAsync()).Notification;
        next.Should().BeOfType<ActivityNotification>("the watch synced again that day: new steps to fetch");
        (await handler.NextAsync()).Notification.Should().BeOfType<SleepNotification>();
        handler.Count.Should().Be(3);
    }

    [TestCase(Backend.DurableStore)]
    [TestCase(Backend.InMemory)]
    [TestCase(Backend.DistributedCache)]
    public async Task Glucose_without_a_window_posted_three_times_after_handling_is_handled_three_times(Backend backend)
    {
        var handler = new RecordingHandler();
        await using var host = await StartAsync(backend, handler);

        for (var i = 0; i < 3; i++)
        {
            await PostAsync(host, "userid=5&appli=58");
            var handled = await handler.NextAsync();
            handled.Notification.Should().BeOfType<GlucoseNotification>();
            handled.Plan.Requests.Should().ContainSingle().Which.GetField("lastupdate").Should().NotBeNull();
        }

        handler.Count.Should().Be(3);
    }

    [TestCase(Backend.DurableStore)]
    [TestCase(Backend.InMemory)]
    [TestCase(Backend.DistributedCache)]
    public async Task Windowed_retry_after_handling_is_still_absorbed(Backend backend)
    {
        var handler = new RecordingHandler();
        await using var host = await StartAsync(backend, handler);

        await PostAsync(host, Payloads.SeedExample);
        (await handler.NextAsync()).Notification.Should().BeOfType<WeightNotification>();
        await PostAsync(host, Payloads.SeedExample);
        await PostAsync(host, Marker);

        (await handler.NextAsync()).Notification.Should().BeOfType<SleepNotification>("the weight body again is Withings' retry");
        handler.Count.Should().Be(2);
    }

    [TestCase(Backend.DurableStore)]
    [TestCase(Backend.InMemory)]
    [TestCase(Backend.DistributedCache)]
    public async Task Device_event_posted_again_is_a_retry_and_absorbed(Backend backend)
    {
        var handler = new RecordingHandler();
        await using var host = await StartAsync(backend, handler);
        const string bedIn = "userid=12345&appli=50&date=1709366400&deviceid=892359876fd8805ac45bab078c4828692f0276b1";

        await PostAsync(host, bedIn);
        (await handler.NextAsync()).Notification.Should().BeOfType<BedInNotification>();
        await PostAsync(host, bedIn);
        await PostAsync(host, Marker);

        (await handler.NextAsync()).Notification.Should().BeOfType<SleepNotification>("its epoch date and device name one event");
        handler.Count.Should().Be(2);
    }

    [TestCase(Backend.DurableStore)]
    [TestCase(Backend.InMemory)]
    [TestCase(Backend.DistributedCache)]
    public async Task Identical_bodies_still_waiting_are_handled_once_and_once_more_when_posted_after(Backend backend)
    {
        var handler = new RecordingHandler();
        var gate = new Gate();
        handler.Before = (notification, token) => notification is SleepNotification ? gate.PassAsync(token) : Task.CompletedTask;
        await using var host = await StartAsync(backend, handler);

        // The one slot is held by the sleep notification: the three glucose bodies wait in the queue together.
        await PostAsync(host, Marker);
        await gate.Reached;
        for (var i = 0; i < 3; i++)
        {
            await PostAsync(host, "userid=5&appli=58");
        }

        gate.Open();
        (await handler.NextAsync()).Notification.Should().BeOfType<SleepNotification>();
        (await handler.NextAsync()).Notification.Should().BeOfType<GlucoseNotification>();
        await PostAsync(host, "userid=5&appli=58");
        await PostAsync(host, "userid=6&appli=58");

        (await handler.NextAsync()).Notification.UserId.Should().Be(5, "posted after the first was taken: new data");
        (await handler.NextAsync()).Notification.UserId.Should().Be(6, "the two waiting copies were one");
        handler.Count.Should().Be(4);
    }

    private static async Task<ReceiverHost> StartAsync(Backend backend, RecordingHandler handler)
    {
        var shared = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        return await ReceiverHost.StartAsync(
            receiver =>
            {
                receiver.RecordInto(handler);
                if (backend == Backend.InMemory)
                {
                    receiver.UseInMemoryQueue();
                }
            },
            options: o => o.HandlerConcurrency = 1,
            services: s =>
            {
                if (backend == Backend.DistributedCache)
                {
                    s.AddSingleton<IDistributedCache>(shared);
                }
            });
    }

    private static async Task PostAsync(ReceiverHost host, string body)
    {
        using var response = await host.PostAsync(body);
        response.EnsureSuccessStatusCode();
    }
}
