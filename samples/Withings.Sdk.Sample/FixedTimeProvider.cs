namespace Withings.Sdk.Sample;

/// <summary>
/// A clock stopped at one instant, so that plans are reproducible (<c>--now</c>, the demo). Only the wall clock is
/// fixed: timers and elapsed-time measurements still run, so rate limits and timeouts keep working.
/// </summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
