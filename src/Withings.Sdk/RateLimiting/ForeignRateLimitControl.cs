using System.Threading.RateLimiting;

namespace Withings.Sdk;

/// <summary>
/// The rate-limit control around a <see cref="RateLimiter"/> of the application's own that does not implement
/// <see cref="IWithingsRateLimitControl"/>: the 601 hold is kept here, in front of it (for this process), and every
/// permit comes from it, in its own order; priorities cannot reorder a queue this class does not own.
/// </summary>
internal sealed class ForeignRateLimitControl(RateLimiter limiter, TimeProvider timeProvider) : IWithingsRateLimitControl
{
    private long _heldUntil;

    public async ValueTask<RateLimitLease> AcquireAsync(WithingsRequestPriority priority, CancellationToken cancellationToken)
    {
        long left;
        while ((left = Interlocked.Read(ref _heldUntil) - timeProvider.GetTimestamp()) > 0)
        {
            var wait = TimeSpan.FromTicks((long)Math.Ceiling(left * (double)TimeSpan.TicksPerSecond / timeProvider.TimestampFrequency));
#if NET8_0_OR_GREATER
            await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
#else
            await timeProvider.Delay(wait, cancellationToken).ConfigureAwait(false);
#endif
        }

        return await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask HoldAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        if (duration > TimeSpan.Zero)
        {
            var until = timeProvider.GetTimestamp() + (long)Math.Ceiling(duration.Ticks * (double)timeProvider.TimestampFrequency / TimeSpan.TicksPerSecond);
            long current;
            while ((current = Interlocked.Read(ref _heldUntil)) < until
                && Interlocked.CompareExchange(ref _heldUntil, until, current) != current)
            {
                // Another hold was recorded meanwhile: compare with it again (the later one wins).
            }
        }

        return default;
    }
}
