namespace Withings.Sdk.Tests.RateLimiting;

/// <summary>
/// A clock whose timers fire only when told (<see cref="FireDue"/>), after the time was set: the gap a real timer has
/// between its due time and its callback running on the thread pool, during which other code already reads the new time.
/// (FakeTimeProvider closes that gap: its Advance runs the callbacks before returning.)
/// </summary>
internal sealed class LateTimerClock : TimeProvider
{
    private readonly List<Timer> _timers = [];

    public TimeSpan Now { get; set; }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Now.Ticks;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch + Now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        _timers.Add(timer);
        return timer;
    }

    /// <summary>Runs the callback of every timer due by <see cref="Now"/>, once.</summary>
    public void FireDue()
    {
        foreach (var timer in _timers.Where(t => t.Due <= Now).ToList())
        {
            timer.Due = null;
            timer.Callback(timer.State);
        }
    }

    private sealed class Timer(LateTimerClock clock, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public TimeSpan? Due { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Due = dueTime == Timeout.InfiniteTimeSpan ? null : clock.Now + dueTime;
            return true;
        }

        public void Dispose() => Due = null;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}
