using System.ComponentModel.DataAnnotations;

namespace Withings.Sdk;

/// <summary>
/// How the receiver tries a notification's work again after a failure: the section <c>Retry</c> of
/// <c>Withings:Receiver</c> (your handler) and of <c>Withings:Sync</c> (a user's fetch and data handler). The same
/// words as the SDK's own <c>Withings:Retry</c>: attempts count the first one, and the delay doubles from
/// <see cref="BaseDelay"/>.
/// </summary>
public sealed class WithingsDeliveryRetryOptions
{
    /// <summary>
    /// Attempts, the first included, before the notifications are dead-lettered: 5 means at most 5 calls. Default 5
    /// for the receiver's handler, 3 for the sync engine. At most 100.
    /// </summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// The delay before the second attempt, doubled before each later one and capped at one hour. Default 1 second for
    /// the receiver's handler, 5 seconds for the sync engine. At most one hour.
    /// </summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);
}
