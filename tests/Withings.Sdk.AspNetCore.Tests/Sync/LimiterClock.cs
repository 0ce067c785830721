using Microsoft.Extensions.Time.Testing;

namespace Withings.Sdk.AspNetCore.Tests.Sync;

/// <summary>Moves a rate limiter's fake clock by one refill period whenever its bucket is empty, so that waiting turns get permits.</summary>
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
