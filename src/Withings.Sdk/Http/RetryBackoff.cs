namespace Withings.Sdk;

/// <summary>
/// Exponential backoff with jitter: BaseDelay × 2^(retry−1), then up to 25 % more at random; after status 601, the
/// fixed <see cref="WithingsRetryOptions.RateLimitWait"/> with the same jitter.
/// </summary>
internal sealed class RetryBackoff
{
    // Withings' limits count per minute: a transient failure that lasts longer is not worth a longer wait.
    private static readonly TimeSpan Cap = TimeSpan.FromMinutes(1);
    private static readonly object Gate = new();
    private static readonly Random SharedRandom = new();

    private readonly Func<double> _jitter;

    /// <summary>Creates the backoff.</summary>
    /// <param name="jitter">A source of numbers in [0, 1); random when <see langword="null"/>.</param>
    public RetryBackoff(Func<double>? jitter = null) => _jitter = jitter ?? NextRandom;

    /// <summary>The delay before retry number <paramref name="retry"/> (1 for the first retry).</summary>
    public TimeSpan GetDelay(int retry, TimeSpan baseDelay)
    {
        if (baseDelay <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var cap = baseDelay > Cap ? baseDelay : Cap;
        var nominalTicks = baseDelay.Ticks * Math.Pow(2, Math.Min(retry - 1, 30));
        var ticks = Math.Min(nominalTicks, cap.Ticks);
        return TimeSpan.FromTicks((long)(ticks * (1 + (0.25 * _jitter()))));
    }

    /// <summary>The delay after status 601: <paramref name="wait"/> plus up to 25 % at random, so that the waiters of one 601 do not all come back at once.</summary>
    public TimeSpan GetRateLimitWait(TimeSpan wait) =>
        wait <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromTicks((long)(wait.Ticks * (1 + (0.25 * _jitter()))));

    // System.Random is not thread-safe and netstandard2.0 has no Random.Shared.
    private static double NextRandom()
    {
        lock (Gate)
        {
            return SharedRandom.NextDouble();
        }
    }
}
