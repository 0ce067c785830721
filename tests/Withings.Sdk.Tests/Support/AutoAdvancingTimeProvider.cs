using Microsoft.Extensions.Time.Testing;

namespace Withings.Sdk.Tests.Support;

/// <summary>
/// A fake clock that jumps forward by each timer's due time as soon as the timer is created, so that backoff delays
/// elapse at once and in order; it records every delay it was asked for.
/// </summary>
public sealed class AutoAdvancingTimeProvider : FakeTimeProvider
{
    private readonly List<TimeSpan> _delays = [];

    public AutoAdvancingTimeProvider()
        : base(new DateTimeOffset(2024, 3, 2, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public IReadOnlyList<TimeSpan> Delays
    {
        get
        {
            lock (_delays)
            {
                return [.. _delays];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            lock (_delays)
            {
                _delays.Add(dueTime);
            }

            Advance(dueTime);
        }

        return timer;
    }
}
