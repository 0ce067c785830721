namespace Withings.Sdk.Benchmarks.Day;

/// <summary>
/// The simulated day's clock: time stands still until <see cref="AdvanceTo"/> moves it, and every timer created through
/// it (<c>Task.Delay(…, timeProvider)</c>, the rate limiter's refills, the batch window, deadlines) fires only then.
/// Unlike <c>FakeTimeProvider</c> it tells when its next timer is due (<see cref="NextDue"/>), which the simulator needs
/// to jump straight to the next thing that can happen, and it runs due callbacks on the thread pool, as real timers do,
/// so that what they start is visible to <see cref="Quiescence"/>.
/// </summary>
public sealed class VirtualClock : TimeProvider
{
    private readonly object _gate = new();
    private readonly PriorityQueue<Timer, (long Due, long Order)> _timers = new();
    private long _now;
    private long _order;

    /// <summary>Creates a clock reading <paramref name="start"/>.</summary>
    /// <param name="start">The first instant.</param>
    public VirtualClock(DateTimeOffset start) => _now = start.UtcTicks;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>The instant now.</summary>
    public DateTimeOffset Now => new(Interlocked.Read(ref _now), TimeSpan.Zero);

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => Now;

    /// <inheritdoc />
    public override long GetTimestamp() => Interlocked.Read(ref _now);

    /// <summary>When the earliest armed timer is due; null when none is armed.</summary>
    /// <returns>The instant, never before <see cref="Now"/>.</returns>
    public DateTimeOffset? NextDue()
    {
        lock (_gate)
        {
            while (_timers.TryPeek(out var timer, out var key))
            {
                if (timer.Due == key.Due && timer.Order == key.Order)
                {
                    return new DateTimeOffset(Math.Max(key.Due, _now), TimeSpan.Zero);
                }

                // Changed or disposed since it was queued: a stale entry.
                _timers.Dequeue();
            }

            return null;
        }
    }

    /// <summary>
    /// Moves the clock to <paramref name="instant"/> (never back) and hands every timer due by then to the thread pool,
    /// in due order; a periodic timer is armed again for its next period.
    /// </summary>
    /// <param name="instant">The new now.</param>
    /// <returns>How many callbacks were started.</returns>
    public int AdvanceTo(DateTimeOffset instant)
    {
        var fired = new List<Timer>();
        lock (_gate)
        {
            _now = Math.Max(_now, instant.UtcTicks);
            while (_timers.TryPeek(out var timer, out var key) && key.Due <= _now)
            {
                _timers.Dequeue();
                if (timer.Due != key.Due || timer.Order != key.Order)
                {
                    continue;
                }

                fired.Add(timer);
                if (timer.Period > 0)
                {
                    Arm(timer, Math.Max(key.Due + timer.Period, _now + 1));
                }
                else
                {
                    timer.Due = long.MinValue;
                }
            }
        }

        foreach (var timer in fired)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static t => t.Run(), timer, preferLocal: false);
        }

        return fired.Count;
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Arm(Timer timer, long due)
    {
        timer.Due = due;
        timer.Order = ++_order;
        _timers.Enqueue(timer, (due, timer.Order));
    }

    private sealed class Timer(VirtualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public long Due { get; set; } = long.MinValue;

        public long Order { get; set; }

        public long Period { get; private set; }

        public void Run() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                if (Order < 0)
                {
                    return false;
                }

                Period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? 0 : period.Ticks;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    // Disarmed: the queued entry goes stale.
                    Due = long.MinValue;
                    Order = ++clock._order;
                    return true;
                }

                clock.Arm(this, clock._now + Math.Max(0, dueTime.Ticks));
                return true;
            }
        }

        public void Dispose()
        {
            lock (clock._gate)
            {
                Due = long.MinValue;
                Order = -1;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
