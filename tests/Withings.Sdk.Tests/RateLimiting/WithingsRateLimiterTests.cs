using System.Threading.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Withings.Sdk.Tests.RateLimiting;

/// <summary>
/// The application-wide limit: docs/withings-api.md §3, "120 requests per minute across the whole application (client id)";
/// past it, status 601. Every clock here is a FakeTimeProvider: grants are observed between explicit advances.
/// </summary>
public sealed class WithingsRateLimiterTests
{
    private static readonly DateTimeOffset Start = new(2024, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void AcquireAsync_300WaitersAtDefaultRate_NeverMoreThan120InAny60Seconds()
    {
        var clock = new FakeTimeProvider(Start);
        using var limiter = new WithingsRateLimiter(new WithingsRateLimitOptions(), clock);
        var waiters = Enumerable.Range(0, 300).Select(_ => limiter.AcquireAsync(1).AsTask()).ToArray();
        var grantedAt = new DateTimeOffset?[300];

        // 50 ms steps, unrelated to the refill period: a grant is stamped with the end of the step it happened in.
        for (var step = 0; step < 4000 && grantedAt.Any(g => g is null); step++)
        {
            for (var i = 0; i < waiters.Length; i++)
            {
                if (grantedAt[i] is null && waiters[i].IsCompleted)
                {
                    waiters[i].Result.IsAcquired.Should().BeTrue();
                    grantedAt[i] = clock.GetUtcNow();
                }
            }

            clock.Advance(TimeSpan.FromMilliseconds(50));
        }

        var times = grantedAt.Select(g => g!.Value).ToArray();
        times.Should().BeInAscendingOrder("waiters are served first come, first served");
        MaxInAnyWindow(times, TimeSpan.FromSeconds(60)).Should().BeLessThanOrEqualTo(120);
        times.Count(t => t == Start).Should().Be(10, "the default burst is 10");

        // 10 at once, then 290 refills every ceil(60 s / 110) = 545.4546 ms: the last at 158.181834 s, seen at the
        // end of its 50 ms step.
        (times[^1] - Start).Should().Be(TimeSpan.FromMilliseconds(158_200));
    }

    [Test]
    public async Task AcquireAsync_ARefillFirstSeenByAnotherAcquire_GoesToTheWaiterAheadAtOnce()
    {
        var clock = new LateTimerClock();
        using var limiter = new WithingsRateLimiter(new WithingsRateLimitOptions { PermitsPerMinute = 120, Burst = 1 }, clock);
        (await limiter.AcquireAsync(1)).IsAcquired.Should().BeTrue();
        var waiting = limiter.AcquireAsync(1).AsTask();

        // The refill is due; its timer has not run yet when another request asks for a permit.
        clock.Now = limiter.RefillPeriod;
        var later = limiter.AcquireAsync(1).AsTask();

        // The permit is the first waiter's now, not a period later: the second request re-armed the timer for the next
        // refill, so the first would otherwise wait a whole period more with the permit unused (for ever on a clock
        // that moves only while the bucket is empty).
        clock.FireDue();
        waiting.IsCompleted.Should().BeTrue("the refill that came due belongs to the waiter ahead");
        (await waiting).IsAcquired.Should().BeTrue();
        later.IsCompleted.Should().BeFalse("one permit was refilled, and it went to the waiter ahead");
        limiter.GetStatistics()!.CurrentQueuedCount.Should().Be(1);

        clock.Now = limiter.RefillPeriod * 2;
        clock.FireDue();
        (await later).IsAcquired.Should().BeTrue();
    }

    [TestCase(0, TestName = "GetStatistics_ARefillDueBeforeTheTimerRuns_GoesToTheZeroPermitWaiterNotToTheFigures")]
    [TestCase(1, TestName = "GetStatistics_ARefillDueBeforeTheTimerRuns_GoesToTheWaiterNotToTheFigures")]
    public async Task GetStatistics_ARefillDueBeforeTheTimerRuns_GoesToTheWaiter(int permits)
    {
        // The sync engine's turns wait with zero permits (until the limiter is about to grant) and drive a test clock
        // only while the statistics show an empty bucket: a permit shown there while they wait would stop everything.
        var clock = new LateTimerClock();
        using var limiter = new WithingsRateLimiter(new WithingsRateLimitOptions { PermitsPerMinute = 120, Burst = 1 }, clock);
        (await limiter.AcquireAsync(1)).IsAcquired.Should().BeTrue();
        var waiting = limiter.AcquireAsync(permits).AsTask();
        waiting.IsCompleted.Should().BeFalse();

        clock.Now = limiter.RefillPeriod;
        var statistics = limiter.GetStatistics()!;

        waiting.IsCompleted.Should().BeTrue("the refill came due, so the waiter has it, whether or not the timer ran yet");
        (await waiting).IsAcquired.Should().BeTrue();
        statistics.CurrentAvailablePermits.Should().Be(1 - permits);
        statistics.CurrentQueuedCount.Should().Be(0);
    }

    [Test]
    public async Task AcquireAsync_AWaiterAheadCancelled_TheNextIsServedFromThePermitsThere()
    {
        var clock = new LateTimerClock();
        using var limiter = new WithingsRateLimiter(new WithingsRateLimitOptions { PermitsPerMinute = 120, Burst = 3 }, clock);
        (await limiter.AcquireAsync(3)).IsAcquired.Should().BeTrue();
        clock.Now = limiter.RefillPeriod;
        clock.FireDue();

        // One permit is back; the first waiter needs three, so the one behind it waits its turn.
        using var cancel = new CancellationTokenSource();
        var big = limiter.AcquireAsync(3, cancel.Token).AsTask();
        var small = limiter.AcquireAsync(1).AsTask();
        small.IsCompleted.Should().BeFalse();

        await cancel.CancelAsync();

        big.IsCanceled.Should().BeTrue();
        small.IsCompleted.Should().BeTrue("the permit in the bucket is the next waiter's once the one ahead left");
        (await small).IsAcquired.Should().BeTrue();
    }

    [Test]
    public void Constructor_DefaultOptions_RefillsTheRestOfTheMinuteAfterTheBurst()
    {
        using var limiter = new WithingsRateLimiter(new WithingsRateLimitOptions(), new FakeTimeProvider(Start));

        limiter.PermitsPerMinute.Should().Be(120);
        limiter.Burst.Should().Be(10);
        limiter.RefillPeriod.Should().Be(TimeSpan.FromTicks(5_454_546));
    }

    [Test]
    public void Constructor_BurstAboveTheRate_KeepsOnePermitForTheRefill()
    {
        using var limiter = new WithingsRateLimiter(new WithingsRateLimitOptions { PermitsPerMinute = 6, Burst = 50 }, new FakeTimeProvider(Start));

        limiter.Burst.Should().Be(5);
        limiter.RefillPeriod.Should().Be(TimeSpan.FromSeconds(60));
    }

    [TestCase(0, 10, "RateLimit.PermitsPerMinute")]
    [TestCase(120, 0, "RateLimit.Burst")]
    public void Constructor_NonPositiveSetting_NamesTheSetting(int permitsPerMinute, int burst, string setting)
    {
        var create = () => new WithingsRateLimiter(new WithingsRateLimitOptions { PermitsPerMinute = permitsPerMinute, Burst = burst });

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*{setting}*");
    }

    [Test]
    public void AttemptAcquire_BucketEmpty_FailsWithTheTimeUntilTheNextPermit()
    {
        var clock = new FakeTimeProvider(Start);
        using var limiter = new WithingsRateLimiter(new WithingsRateLimitOptions { PermitsPerMinute = 3, Burst = 1 }, clock);

        limiter.AttemptAcquire().IsAcquired.Should().BeTrue();
        using var refused = limiter.AttemptAcquire();
        clock.Advance(TimeSpan.FromSeconds(30));
        using var granted = limiter.AttemptAcquire();

        refused.IsAcquired.Should().BeFalse();
        refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter).Should().BeTrue();
        retryAfter.Should().Be(TimeSpan.FromSeconds(30));
        granted.IsAcquired.Should().BeTrue();
    }

    [Test]
    public async Task AcquireAsync_WaiterCancelled_LeavesTheQueueAndTheNextWaiterGetsThePermit()
    {
        var clock = new FakeTimeProvider(Start);
        using var limiter = new WithingsRateLimiter(new WithingsRateLimitOptions { PermitsPerMinute = 3, Burst = 1 }, clock);
        using var cancellation = new CancellationTokenSource();
        (await limiter.AcquireAsync(1)).IsAcquired.Should().BeTrue();

        var cancelled = limiter.AcquireAsync(1, cancellation.Token).AsTask();
        var next = limiter.AcquireAsync(1).AsTask();
        await cancellation.CancelAsync();
        clock.Advance(TimeSpan.FromSeconds(30));

        await cancelled.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
        (await next).IsAcquired.Should().BeTrue();
        limiter.GetStatistics()!.CurrentQueuedCount.Should().Be(0);
    }

    [Test]
    public async Task Dispose_WithWaiters_FailsTheirLeases()
    {
        var limiter = new WithingsRateLimiter(new WithingsRateLimitOptions { PermitsPerMinute = 2, Burst = 1 }, new FakeTimeProvider(Start));
        limiter.AttemptAcquire().IsAcquired.Should().BeTrue();
        var waiting = limiter.AcquireAsync(1).AsTask();

        limiter.Dispose();

        (await waiting).IsAcquired.Should().BeFalse();
    }

    [Test]
    public void IdleDuration_FullBucket_CountsFromWhenItFilledUp()
    {
        var clock = new FakeTimeProvider(Start);
        using var limiter = new WithingsRateLimiter(new WithingsRateLimitOptions { PermitsPerMinute = 3, Burst = 1 }, clock);
        limiter.AttemptAcquire().IsAcquired.Should().BeTrue();
        limiter.IdleDuration.Should().BeNull();

        clock.Advance(TimeSpan.FromSeconds(45));

        limiter.IdleDuration.Should().Be(TimeSpan.FromSeconds(15));
    }

    [Test]
    public async Task TokenRefresh_BehindQueuedLiveWaiters_IsGrantedFirstAndKeepsItsOwnOrder()
    {
        var clock = new FakeTimeProvider(Start);
        // One refill per second after a burst of one.
        using var limiter = new WithingsRateLimiter(new WithingsRateLimitOptions { PermitsPerMinute = 61, Burst = 1 }, clock);
        (await limiter.AcquireAsync(1)).IsAcquired.Should().BeTrue();
        var granted = new List<string>();
        async Task Track(string name, ValueTask<RateLimitLease> lease)
        {
            (await lease).IsAcquired.Should().BeTrue();
            lock (granted)
            {
                granted.Add(name);
            }
        }

        var waits = new List<Task> { Track("queued 1", limiter.AcquireAsync(1)), Track("queued 2", limiter.AcquireAsync(1)) };
        waits.Add(Track("refresh 1", limiter.AcquireAsync(WithingsRequestPriority.TokenRefresh, CancellationToken.None)));
        waits.Add(Track("refresh 2", limiter.AcquireAsync(WithingsRequestPriority.TokenRefresh, CancellationToken.None)));
        for (var second = 1; second <= 4; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await WaitForGrants(granted, second);
        }

        await Task.WhenAll(waits);
        granted.Should().Equal("refresh 1", "refresh 2", "queued 1", "queued 2");
    }

    [Test]
    public async Task TokenRefresh_PermitAvailable_IsGrantedAtOnce()
    {
        using var limiter = new WithingsRateLimiter(new WithingsRateLimitOptions(), new FakeTimeProvider(Start));

        var lease = limiter.AcquireAsync(WithingsRequestPriority.TokenRefresh, CancellationToken.None);

        lease.IsCompletedSuccessfully.Should().BeTrue();
        (await lease).IsAcquired.Should().BeTrue();
    }

    [Test]
    public async Task BudgetExhausted_WaitingLiveRequest_IsGrantedBeforeABackfillThatWaitedLonger()
    {
        var clock = new FakeTimeProvider(Start);
        // One refill per second after a burst of one; the burst is spent.
        using var limiter = new WithingsRateLimiter(new WithingsRateLimitOptions { PermitsPerMinute = 61, Burst = 1 }, clock);
        (await limiter.AcquireAsync(WithingsRequestPriority.Backfill, CancellationToken.None)).IsAcquired.Should().BeTrue();

        var backfill = limiter.AcquireAsync(WithingsRequestPriority.Backfill, CancellationToken.None).AsTask();
        var live = limiter.AcquireAsync(WithingsRequestPriority.Live, CancellationToken.None).AsTask();
        clock.Advance(TimeSpan.FromSeconds(1));
        var liveGranted = await live.WaitAsync(TimeSpan.FromMinutes(2));
        var backfillAfterOnePermit = backfill.IsCompleted;
        clock.Advance(TimeSpan.FromSeconds(1));

        liveGranted.IsAcquired.Should().BeTrue("the first refill goes to the live request, though the backfill asked first");
        backfillAfterOnePermit.Should().BeFalse();
        (await backfill.WaitAsync(TimeSpan.FromMinutes(2))).IsAcquired.Should().BeTrue("the backfill gets the next refill");
    }

    [Test]
    public async Task PriorityClasses_AllWaiting_AreServedClassByClassThenInArrivalOrder()
    {
        var clock = new FakeTimeProvider(Start);
        using var limiter = new WithingsRateLimiter(new WithingsRateLimitOptions { PermitsPerMinute = 61, Burst = 1 }, clock);
        (await limiter.AcquireAsync(1)).IsAcquired.Should().BeTrue();
        var granted = new List<string>();
        async Task Track(string name, WithingsRequestPriority priority)
        {
            (await limiter.AcquireAsync(priority, CancellationToken.None)).IsAcquired.Should().BeTrue();
            lock (granted)
            {
                granted.Add(name);
            }
        }

        // Arrival order: lowest class first, so that any first come, first served would show.
        var waits = new List<Task>
        {
            Track("backfill 1", WithingsRequestPriority.Backfill),
            Track("reconciliation", WithingsRequestPriority.Reconciliation),
            Track("continuation", WithingsRequestPriority.Continuation),
            Track("live 1", WithingsRequestPriority.Live),
            Track("backfill 2", WithingsRequestPriority.Backfill),
            Track("live 2", WithingsRequestPriority.Live),
            Track("refresh", WithingsRequestPriority.TokenRefresh),
        };
        for (var second = 1; second <= waits.Count; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await WaitForGrants(granted, second);
        }

        await Task.WhenAll(waits);
        granted.Should().Equal("refresh", "live 1", "live 2", "continuation", "reconciliation", "backfill 1", "backfill 2");
    }

    [Test]
    public async Task PriorityScope_SetsTheClassOfTheRequestsOfItsFlowOnly()
    {
        WithingsPriorityScope.Current.Should().Be(WithingsRequestPriority.Live);
        WithingsRequestPriority inside;
        WithingsRequestPriority nested;
        using (WithingsPriorityScope.Enter(WithingsRequestPriority.Backfill))
        {
            await Task.Yield();
            inside = WithingsPriorityScope.Current;
            using (WithingsPriorityScope.Enter(WithingsRequestPriority.TokenRefresh))
            {
                nested = WithingsPriorityScope.Current;
            }

            WithingsPriorityScope.Current.Should().Be(WithingsRequestPriority.Backfill);
        }

        inside.Should().Be(WithingsRequestPriority.Backfill);
        nested.Should().Be(WithingsRequestPriority.TokenRefresh);
        WithingsPriorityScope.Current.Should().Be(WithingsRequestPriority.Live);
    }

    [Test]
    public async Task Hold_After601_GrantsNothingUntilItEndsThenRefillsFromEmpty()
    {
        var clock = new FakeTimeProvider(Start);
        using var limiter = new WithingsRateLimiter(new WithingsRateLimitOptions(), clock);
        limiter.AttemptAcquire().IsAcquired.Should().BeTrue();

        limiter.Hold(TimeSpan.FromSeconds(60));
        var waiting = limiter.AcquireAsync(1).AsTask();
        clock.Advance(TimeSpan.FromSeconds(59.9));
        var grantedDuringTheHold = waiting.IsCompleted;
        using var refused = limiter.AttemptAcquire();
        clock.Advance(TimeSpan.FromSeconds(0.1));

        grantedDuringTheHold.Should().BeFalse();
        refused.IsAcquired.Should().BeFalse();
        (await waiting.WaitAsync(TimeSpan.FromMinutes(2))).IsAcquired.Should().BeTrue();
        limiter.GetStatistics()!.CurrentAvailablePermits.Should().Be(0, "the bucket starts again from empty, one refill at a time");
    }

    [Test]
    public void Hold_ShorterThanTheOneInForce_DoesNotShortenIt()
    {
        var clock = new FakeTimeProvider(Start);
        using var limiter = new WithingsRateLimiter(new WithingsRateLimitOptions(), clock);

        limiter.Hold(TimeSpan.FromSeconds(75));
        limiter.Hold(TimeSpan.FromSeconds(60));
        using var refused = limiter.AttemptAcquire();

        refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter).Should().BeTrue();
        retryAfter.Should().Be(TimeSpan.FromSeconds(75));
    }

    private static async Task WaitForGrants(List<string> granted, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            lock (granted)
            {
                if (granted.Count >= count)
                {
                    return;
                }
            }

            DateTime.UtcNow.Should().BeBefore(deadline);
            await Task.Delay(5);
        }
    }

    internal static int MaxInAnyWindow(IReadOnlyList<DateTimeOffset> sortedTimes, TimeSpan window)
    {
        var max = 0;
        var first = 0;
        for (var last = 0; last < sortedTimes.Count; last++)
        {
            while (sortedTimes[last] - sortedTimes[first] > window)
            {
                first++;
            }

            max = Math.Max(max, last - first + 1);
        }

        return max;
    }
}
