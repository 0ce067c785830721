using System.Net;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>Withings retries until it gets an answer below 400 (docs/withings-api.md §1); each notification is handed over once.</summary>
public sealed class DuplicateFilterTests
{
    [Test]
    public async Task MemoryFilter_SameKeyWithinTimeToLive_IsDuplicateAndAfterIt_IsNew()
    {
        var time = new FakeTimeProvider();
        var filter = new MemoryDuplicateFilter(Settings(ttl: TimeSpan.FromHours(24), size: 10), time);

        (await filter.TryReserveAsync("a", default)).Should().BeTrue();
        time.Advance(TimeSpan.FromHours(23));
        (await filter.TryReserveAsync("a", default)).Should().BeFalse();
        time.Advance(TimeSpan.FromHours(1));
        (await filter.TryReserveAsync("a", default)).Should().BeTrue();
    }

    [Test]
    public async Task MemoryFilter_Released_IsNewAgain()
    {
        var filter = new MemoryDuplicateFilter(Settings(ttl: TimeSpan.FromHours(1), size: 10), new FakeTimeProvider());

        (await filter.TryReserveAsync("a", default)).Should().BeTrue();
        await filter.ReleaseAsync("a", default);

        (await filter.TryReserveAsync("a", default)).Should().BeTrue();
        (await filter.TryReserveAsync("a", default)).Should().BeFalse();
    }

    [Test]
    public async Task MemoryFilter_Full_ForgetsTheOldestFirst()
    {
        var filter = new MemoryDuplicateFilter(Settings(ttl: TimeSpan.FromHours(1), size: 2), new FakeTimeProvider());

        await filter.TryReserveAsync("a", default);
        await filter.TryReserveAsync("b", default);
        await filter.TryReserveAsync("c", default);

        filter.Count.Should().Be(2);
        (await filter.TryReserveAsync("c", default)).Should().BeFalse();
        (await filter.TryReserveAsync("a", default)).Should().BeTrue();
    }

    [Test]
    public async Task Post_SameNotificationToTwoInstancesSharingADistributedCache_HandledOnce()
    {
        var shared = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        var handler = new RecordingHandler();
        await using var first = await ReceiverHost.StartAsync(r => r.RecordInto(handler), services: s => s.AddSingleton<IDistributedCache>(shared));
        await using var second = await ReceiverHost.StartAsync(r => r.RecordInto(handler), services: s => s.AddSingleton<IDistributedCache>(shared));

        using var one = await first.PostAsync(Payloads.CapturedSleep);
        using var other = await second.PostAsync(Payloads.CapturedSleep);
        using var next = await second.PostAsync(Payloads.SeedExample);

        one.StatusCode.Should().Be(HttpStatusCode.OK);
        other.StatusCode.Should().Be(HttpStatusCode.OK);
        next.StatusCode.Should().Be(HttpStatusCode.OK);
        var handled = new[] { (await handler.NextAsync()).Notification, (await handler.NextAsync()).Notification };
        await first.StopAsync();
        await second.StopAsync();
        handled.Select(n => n.GetType()).Should().BeEquivalentTo([typeof(SleepNotification), typeof(WeightNotification)]);
        handler.Count.Should().Be(2);
    }

    private static IOptions<WithingsReceiverOptions> Settings(TimeSpan ttl, int size) =>
        Options.Create(new WithingsReceiverOptions { DuplicateTimeToLive = ttl, DuplicateCacheSize = size });
}
