using System.Threading.RateLimiting;

namespace Withings.Sdk;

/// <summary>
/// The application-wide limiter every Withings request waits on: a token bucket driven by a
/// <see cref="TimeProvider"/> that allows at most <see cref="WithingsRateLimitOptions.PermitsPerMinute"/> requests in
/// any 60-second window (Withings' limit is 120 per minute per client id; past it, status 601).
/// </summary>
/// <remarks>
/// <para>
/// Up to <see cref="WithingsRateLimitOptions.Burst"/> requests start at once; the rest of the minute's budget
/// refills the bucket one permit at a time, evenly spaced, so that the burst plus the refills of any 60 seconds
/// never exceed the limit. Waiters are served by <see cref="WithingsRequestPriority"/> (token refreshes, then live
/// fetches, continuations, reconciliation, backfill), first come, first served within a class, and leave the queue
/// when their <see cref="CancellationToken"/> fires. <see cref="RateLimiter.AcquireAsync"/> waits in the class of
/// <see cref="WithingsRequestPriority.Live"/>.
/// </para>
/// <para>
/// When Withings answers 601 (the application's quota is spent, by this process or another one sharing the client
/// id), the SDK holds the limiter for <see cref="WithingsRetryOptions.RateLimitWait"/>: nothing is granted until
/// then, and the bucket refills from empty afterwards.
/// </para>
/// <para>
/// The limiter only sees the requests of its own process. Several processes (or machines) sending for the same
/// client id must share one budget: use the Redis package's shared limiter (<c>UseRedis</c>), register a distributed
/// <see cref="RateLimiter"/> (implementing <see cref="IWithingsRateLimitControl"/> too) under <see cref="ServiceKey"/>
/// (or with <c>WithingsBuilder.UseRateLimiter</c>), or give each process its share through
/// <see cref="WithingsRateLimitOptions.PermitsPerMinute"/>.
/// </para>
/// <para>
/// The built-in <see cref="TokenBucketRateLimiter"/> is not used because it reads the real clock (<c>Stopwatch</c>)
/// even when replenished by hand, which would make the limiter untestable with a fake clock.
/// </para>
/// </remarks>
public sealed class WithingsRateLimiter : RateLimiter, IWithingsRateLimitControl
{
    /// <summary>The key under which the SDK resolves its <see cref="RateLimiter"/> from dependency injection.</summary>
    public const string ServiceKey = "Withings.Sdk.RateLimiter";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private static readonly RateLimitLease Granted = new Lease(true, null);

    private readonly object _gate = new();
    private readonly LinkedList<Waiter> _queue = new();
    private readonly TimeProvider _timeProvider;
    private readonly ITimer _timer;
    private readonly long _period;
    private int _tokens;
    private int _queuedPermits;
    private long _nextRefill;
    private long _fullSince;
    private long _successfulLeases;
    private long _failedLeases;
    private bool _disposed;

    /// <summary>Creates a limiter from the <c>RateLimit</c> options.</summary>
    /// <param name="options">The rate and burst.</param>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The rate or the burst is less than 1.</exception>
    public WithingsRateLimiter(WithingsRateLimitOptions options, TimeProvider? timeProvider = null)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        if (options.PermitsPerMinute < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PermitsPerMinute, "RateLimit.PermitsPerMinute must be at least 1.");
        }

        if (options.Burst < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Burst, "RateLimit.Burst must be at least 1.");
        }

        _timeProvider = timeProvider ?? TimeProvider.System;
        PermitsPerMinute = options.PermitsPerMinute;
        Burst = PermitsPerMinute == 1 ? 1 : Math.Min(options.Burst, PermitsPerMinute - 1);

        // Any closed 60 s window sees at most Burst + floor(60 s / period) grants, so the refills of one window must
        // stay within PermitsPerMinute - Burst: round the period up (and past the window when nothing is left).
        var refills = PermitsPerMinute - Burst;
        var windowUnits = (long)Math.Ceiling(Window.TotalSeconds * _timeProvider.TimestampFrequency);
        _period = refills == 0 ? windowUnits + 1 : (windowUnits + refills - 1) / refills;

        _tokens = Burst;
        _fullSince = _timeProvider.GetTimestamp();
        _timer = _timeProvider.CreateTimer(static state => ((WithingsRateLimiter)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The most requests allowed in any 60-second window.</summary>
    public int PermitsPerMinute { get; }

    /// <summary>The most requests that may start at once (the bucket's size).</summary>
    public int Burst { get; }

    /// <summary>The time between two refilled permits.</summary>
    public TimeSpan RefillPeriod => TimeSpan.FromTicks((long)Math.Ceiling(_period * (double)TimeSpan.TicksPerSecond / _timeProvider.TimestampFrequency));

    /// <inheritdoc/>
    public override TimeSpan? IdleDuration
    {
        get
        {
            List<Waiter>? granted = null;
            try
            {
                lock (_gate)
                {
                    CatchUp(_timeProvider.GetTimestamp(), ref granted);
                    return _tokens == Burst && _queue.Count == 0 ? _timeProvider.GetElapsedTime(_fullSince) : null;
                }
            }
            finally
            {
                DisposeRegistrations(granted);
            }
        }
    }

    /// <inheritdoc/>
    public override RateLimiterStatistics? GetStatistics()
    {
        List<Waiter>? granted = null;
        try
        {
            lock (_gate)
            {
                CatchUp(_timeProvider.GetTimestamp(), ref granted);
                return new RateLimiterStatistics
                {
                    CurrentAvailablePermits = _tokens,
                    CurrentQueuedCount = _queuedPermits,
                    TotalSuccessfulLeases = _successfulLeases,
                    TotalFailedLeases = _failedLeases,
                };
            }
        }
        finally
        {
            DisposeRegistrations(granted);
        }
    }

    /// <inheritdoc/>
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        CheckPermitCount(permitCount);
        List<Waiter>? granted = null;
        try
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                var now = _timeProvider.GetTimestamp();
                CatchUp(now, ref granted);
                if (_queue.Count == 0 && _tokens >= Math.Max(permitCount, 1))
                {
                    Take(permitCount, now);
                    return Granted;
                }

                _failedLeases++;
                return new Lease(false, UntilAvailable(permitCount, now));
            }
        }
        finally
        {
            DisposeRegistrations(granted);
        }
    }

    /// <inheritdoc/>
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        Enqueue(permitCount, WithingsRequestPriority.Live, cancellationToken);

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="priority"/> is not a defined class.</exception>
    /// <exception cref="ObjectDisposedException">The limiter was disposed.</exception>
    public ValueTask<RateLimitLease> AcquireAsync(WithingsRequestPriority priority, CancellationToken cancellationToken)
    {
        if (priority < WithingsRequestPriority.TokenRefresh || priority > WithingsRequestPriority.Backfill)
        {
            throw new ArgumentOutOfRangeException(nameof(priority), priority, "Not a WithingsRequestPriority.");
        }

        return Enqueue(1, priority, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>This process's limiter: afterwards the bucket refills from empty.</remarks>
    public ValueTask HoldAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        Hold(duration);
        return default;
    }

    /// <summary>
    /// Grants nothing for <paramref name="duration"/> from now (longer holds win), then refills from an empty bucket:
    /// Withings answered 601, so the application's quota is spent whatever this limiter counted.
    /// </summary>
    internal void Hold(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = _timeProvider.GetTimestamp();
            Refill(now);
            _tokens = 0;
            _nextRefill = Math.Max(_nextRefill, now + (long)Math.Ceiling(duration.Ticks * (double)_timeProvider.TimestampFrequency / TimeSpan.TicksPerSecond));
            ArmTimer(now);
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Release();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    protected override async ValueTask DisposeAsyncCore()
    {
        Release();
        await base.DisposeAsyncCore().ConfigureAwait(false);
    }

    private void Release()
    {
        List<Waiter> abandoned;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            abandoned = [.. _queue];
            _queue.Clear();
            _queuedPermits = 0;
        }

        _timer.Dispose();
        foreach (var waiter in abandoned)
        {
            waiter.Registration.Dispose();
            waiter.TrySetResult(new Lease(false, null));
        }
    }

    private void OnTimer()
    {
        List<Waiter>? granted = null;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = _timeProvider.GetTimestamp();
            CatchUp(now, ref granted);
            ArmTimer(now);
        }

        DisposeRegistrations(granted);
    }

    /// <summary>
    /// Adds the permits refilled by <paramref name="now"/> and grants them to the waiters at the head of the queue. Every
    /// path that reads the bucket calls it, not only the timer: a refill first noticed by another call (an acquire, the
    /// statistics, a cancellation) would otherwise sit in the bucket while waiters wait for the timer, and the timer can
    /// be late by a whole period (re-armed by that call for the next refill, or armed from a reading of the clock that
    /// moved before the timer was set): for ever, on a test clock that moves only while the bucket is empty.
    /// </summary>
    private void CatchUp(long now, ref List<Waiter>? granted)
    {
        Refill(now);
        var served = false;
        while (_queue.First is { } first && _tokens >= Math.Max(first.Value.PermitCount, 1))
        {
            var waiter = first.Value;
            _queue.RemoveFirst();
            waiter.Node = null;
            _queuedPermits -= waiter.PermitCount;
            Take(waiter.PermitCount, now);

            // Continuations run asynchronously (see Waiter), so completing under the lock runs no user code here.
            waiter.TrySetResult(Granted);
            (granted ??= []).Add(waiter);
            served = true;
        }

        if (served)
        {
            ArmTimer(now);
        }
    }

    // Outside the lock: disposing a registration waits for its callback when that runs, and the callback locks.
    private static void DisposeRegistrations(List<Waiter>? granted)
    {
        if (granted is not null)
        {
            foreach (var waiter in granted)
            {
                waiter.Registration.Dispose();
            }
        }
    }

    private ValueTask<RateLimitLease> Enqueue(int permitCount, WithingsRequestPriority priority, CancellationToken cancellationToken)
    {
        CheckPermitCount(permitCount);
        if (cancellationToken.IsCancellationRequested)
        {
            return new ValueTask<RateLimitLease>(Task.FromCanceled<RateLimitLease>(cancellationToken));
        }

        Waiter? waiter = null;
        List<Waiter>? granted = null;
        lock (_gate)
        {
            ThrowIfDisposed();
            var now = _timeProvider.GetTimestamp();

            // Those ahead first: a refill noticed here is theirs before it is this waiter's.
            CatchUp(now, ref granted);

            // The queue is sorted by class, first come, first served within one: a waiter goes behind every waiter
            // of its class and of the classes above it, ahead of the classes below. Searched from the end, where
            // the waiter's own class usually is.
            var after = _queue.Last;
            while (after is not null && after.Value.Priority > priority)
            {
                after = after.Previous;
            }

            if (after is null && _tokens >= Math.Max(permitCount, 1))
            {
                Take(permitCount, now);
            }
            else
            {
                waiter = new Waiter(this, permitCount, priority, cancellationToken);
                waiter.Node = after is null ? _queue.AddFirst(waiter) : _queue.AddAfter(after, waiter);
                _queuedPermits += permitCount;
                ArmTimer(now);
            }
        }

        DisposeRegistrations(granted);
        if (waiter is null)
        {
            return new ValueTask<RateLimitLease>(Granted);
        }

        // Registered outside the lock: a token that is already cancelled runs the callback at once, which locks.
        var registration = cancellationToken.Register(static state => ((Waiter)state!).Cancel(), waiter);
        waiter.Registration = registration;
        if (waiter.Task.IsCompleted)
        {
            registration.Dispose();
        }

        return new ValueTask<RateLimitLease>(waiter.Task);
    }

    private void Refill(long now)
    {
        if (_tokens >= Burst || now < _nextRefill)
        {
            return;
        }

        var due = ((now - _nextRefill) / _period) + 1;
        var added = (int)Math.Min(due, Burst - _tokens);
        _tokens += added;
        _nextRefill += added * _period;
        if (_tokens == Burst)
        {
            _fullSince = _nextRefill - _period;
        }
    }

    private void Take(int permitCount, long now)
    {
        if (permitCount == 0)
        {
            return;
        }

        // A full bucket does not refill: its clock starts again with the first permit taken from it.
        if (_tokens == Burst)
        {
            _nextRefill = now + _period;
        }

        _tokens -= permitCount;
        _successfulLeases++;
    }

    private void ArmTimer(long now)
    {
        if (_queue.Count == 0)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        _timer.Change(ToTimeSpan(Math.Max(0, _nextRefill - now)), Timeout.InfiniteTimeSpan);
    }

    private TimeSpan UntilAvailable(int permitCount, long now)
    {
        var missing = Math.Max(permitCount, 1) + _queuedPermits - _tokens;
        return missing <= 0 ? TimeSpan.Zero : ToTimeSpan(Math.Max(0, _nextRefill - now) + ((missing - 1) * _period));
    }

    private TimeSpan ToTimeSpan(long timestampUnits) =>
        TimeSpan.FromTicks((long)Math.Ceiling(timestampUnits * (double)TimeSpan.TicksPerSecond / _timeProvider.TimestampFrequency));

    private void CheckPermitCount(int permitCount)
    {
        if (permitCount < 0 || permitCount > Burst)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, $"permitCount must be between 0 and the burst ({Burst}).");
        }
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(WithingsRateLimiter));
        }
    }

    private sealed class Waiter(WithingsRateLimiter limiter, int permitCount, WithingsRequestPriority priority, CancellationToken cancellationToken)
        : TaskCompletionSource<RateLimitLease>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public int PermitCount { get; } = permitCount;

        public WithingsRequestPriority Priority { get; } = priority;

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }

        public void Cancel()
        {
            List<Waiter>? granted = null;
            lock (limiter._gate)
            {
                if (Node is null)
                {
                    return;
                }

                limiter._queue.Remove(Node);
                Node = null;
                limiter._queuedPermits -= PermitCount;

                // A waiter that needed more permits than the bucket held may have stood in front of some it holds.
                var now = limiter._timeProvider.GetTimestamp();
                limiter.CatchUp(now, ref granted);
                limiter.ArmTimer(now);
            }

            TrySetCanceled(cancellationToken);
            DisposeRegistrations(granted);
        }
    }

    private sealed class Lease(bool isAcquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired { get; } = isAcquired;

        public override IEnumerable<string> MetadataNames =>
            retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } value && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = value;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
