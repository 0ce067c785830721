using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Withings.Sdk.Redis.Tests;

/// <summary>
/// The priority classes across instances: a live request waiting in one instance goes before a backfill waiting in
/// another, even when the backfill asks first once a permit is back. Waits run on one fake clock; the bucket runs on
/// Redis' clock, with a refill period of ten minutes so that only the test puts a permit back.
/// </summary>
[NonParallelizable]
internal sealed class SharedPriorityTests : RedisFixture
{
    [Test]
    public async Task LiveWaitingInOneInstance_IsGrantedBeforeABackfillOfAnotherThatAsksFirst()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 3, 2, 8, 0, 0, TimeSpan.Zero));
        var prefix = NewPrefix();
        await using var connectionA = new RedisConnection(Options.Create(new WithingsRedisOptions { ConnectionString = Redis.Endpoint, KeyPrefix = prefix }));
        await using var connectionB = new RedisConnection(Options.Create(new WithingsRedisOptions { ConnectionString = Redis.Endpoint, KeyPrefix = prefix }));
        var rate = new WithingsRateLimitOptions { PermitsPerMinute = 2, Burst = 1 };
        using var a = new RedisRateLimiter(connectionA, rate, clock, NullLogger<RedisRateLimiter>.Instance, TimeSpan.FromMinutes(10));
        using var b = new RedisRateLimiter(connectionB, rate, clock, NullLogger<RedisRateLimiter>.Instance, TimeSpan.FromMinutes(10));
        var bucket = (RedisKey)$"{{{prefix}}}:ratelimit";
        var waiting = (RedisKey)$"{{{prefix}}}:ratelimit:waiting";
        (await a.AcquireAsync(WithingsRequestPriority.Live, CancellationToken.None)).IsAcquired.Should().BeTrue("the burst of one");
        using var stop = new CancellationTokenSource();

        // B's backfill waits first; A's live request a minute later on the clock, so the backfill wakes first.
        var backfill = b.AcquireAsync(WithingsRequestPriority.Backfill, stop.Token).AsTask();
        await RedisServer.WaitUntilAsync(async () => (await Database.HashGetAsync(waiting, (int)WithingsRequestPriority.Backfill)).HasValue);
        clock.Advance(TimeSpan.FromMinutes(1));
        var live = a.AcquireAsync(WithingsRequestPriority.Live, CancellationToken.None).AsTask();
        await RedisServer.WaitUntilAsync(async () => (await Database.HashGetAsync(waiting, (int)WithingsRequestPriority.Live)).HasValue);

        // One permit back, then the backfill's wait ends: it asks again, before the live request does.
        await Database.HashSetAsync(bucket, "t", 1);
        var backfillMark = await Database.HashGetAsync(waiting, (int)WithingsRequestPriority.Backfill);
        clock.Advance(TimeSpan.FromMinutes(9));
        await RedisServer.WaitUntilAsync(async () => backfill.IsCompleted || await Database.HashGetAsync(waiting, (int)WithingsRequestPriority.Backfill) != backfillMark);
        backfill.IsCompleted.Should().BeFalse("a live request of another instance is waiting");
        clock.Advance(TimeSpan.FromMinutes(1));
        var liveLease = await live.WaitAsync(TimeSpan.FromMinutes(1));

        liveLease.IsAcquired.Should().BeTrue("the permit went to the live request");
        await stop.CancelAsync();
        await FluentActions.Awaiting(() => backfill).Should().ThrowAsync<OperationCanceledException>();
    }
}
