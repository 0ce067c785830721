namespace Withings.Sdk.AspNetCore;

/// <summary>The one backoff of the delivery loop, for every stage: the base delay, doubled after each failed attempt.</summary>
internal static class Backoff
{
    // Past an hour a retry stops being a backoff and becomes a schedule; the dead letters are the place for that.
    private static readonly TimeSpan Cap = TimeSpan.FromHours(1);

    /// <summary>The pause after failed attempt number <paramref name="failedAttempt"/> (1 for the first).</summary>
    public static TimeSpan After(int failedAttempt, WithingsDeliveryRetryOptions retry)
    {
        var factor = Math.Pow(2, Math.Min(failedAttempt - 1, 30));
        return TimeSpan.FromTicks((long)Math.Min(retry.BaseDelay.Ticks * factor, Cap.Ticks));
    }

    /// <summary>Whether failed attempt number <paramref name="failedAttempt"/> was the last one allowed.</summary>
    public static bool IsLast(int failedAttempt, WithingsDeliveryRetryOptions retry) => failedAttempt >= retry.MaxAttempts;
}
