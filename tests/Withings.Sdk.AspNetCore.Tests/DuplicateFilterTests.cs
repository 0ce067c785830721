using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>Withings retries until it gets an answer below 400 (docs/withings-api.md §1): the in-process duplicate keys of the in-memory and SQLite stores.</summary>
public sealed class DuplicateFilterTests
{
    [Test]
    public void DuplicateKeys_SameKeyWithinTimeToLive_IsDuplicateAndAfterIt_IsNew()
    {
        var time = new FakeTimeProvider();
        var filter = new DuplicateKeys(Settings(ttl: TimeSpan.FromHours(24), size: 10), time);

        filter.TryReserve("a").Should().BeTrue();
        time.Advance(TimeSpan.FromHours(23));
        filter.TryReserve("a").Should().BeFalse();
        time.Advance(TimeSpan.FromHours(1));
        filter.TryReserve("a").Should().BeTrue();
    }

    [Test]
    public void DuplicateKeys_Released_IsNewAgain()
    {
        var filter = new DuplicateKeys(Settings(ttl: TimeSpan.FromHours(1), size: 10), new FakeTimeProvider());

        filter.TryReserve("a").Should().BeTrue();
        filter.Release("a");

        filter.TryReserve("a").Should().BeTrue();
        filter.TryReserve("a").Should().BeFalse();
    }

    [Test]
    public void DuplicateKeys_Full_ForgetsTheOldestFirst()
    {
        var filter = new DuplicateKeys(Settings(ttl: TimeSpan.FromHours(1), size: 2), new FakeTimeProvider());

        filter.TryReserve("a");
        filter.TryReserve("b");
        filter.TryReserve("c");

        filter.Count.Should().Be(2);
        filter.TryReserve("c").Should().BeFalse();
        filter.TryReserve("a").Should().BeTrue();
    }

    private static IOptions<WithingsReceiverOptions> Settings(TimeSpan ttl, int size) =>
        Options.Create(new WithingsReceiverOptions { DuplicateTimeToLive = ttl, DuplicateCacheSize = size });
}
