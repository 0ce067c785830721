using Microsoft.Extensions.Time.Testing;

namespace Withings.Sdk.AspNetCore.Tests.Sync;

/// <summary>
/// Moves a rate limiter's fake clock by one refill period whenever its bucket is empty: requests then wait for a permit,
/// in the limiter's line or for their turn in the engine (which waits in that line without taking a permit).
/// </summary>
internal static class LimiterClock
{
    public static async Task DriveAsync(FakeTimeProvider clock, WithingsRateLimiter limiter, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (limiter.GetStatistics()!.CurrentAvailablePermits == 0)
            {
                clock.Advance(limiter.RefillPeriod);
            }

            try
            {
                await Task.Delay(1, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
