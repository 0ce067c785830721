namespace Withings.Sdk.AspNetCore;

/// <summary>The pause after a failed attempt: the base delay, doubled each time, capped at one hour.</summary>
internal static class SyncRetryDelay
{
    public static TimeSpan After(int failedAttempt, TimeSpan baseDelay)
    {
        var factor = Math.Pow(2, Math.Min(failedAttempt - 1, 30));
        return TimeSpan.FromTicks((long)Math.Min(baseDelay.Ticks * factor, TimeSpan.FromHours(1).Ticks));
    }
}
