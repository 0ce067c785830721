using System.ComponentModel.DataAnnotations;

namespace Withings.Sdk;

/// <summary>
/// What the subscription reconciler keeps alive, and how often it looks (<c>AddSubscriptionReconciler</c>), bound from
/// the configuration section <c>Withings:Reconciler</c> and validated when the host starts.
/// </summary>
public sealed class WithingsReconcilerOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Withings:Reconciler";

    /// <summary>The callback URL every user's subscriptions point at. Required.</summary>
    public Uri? CallbackUrl { get; set; }

    /// <summary>The categories every user stays subscribed to, for example weight (1), blood pressure (4), activity (16) and sleep (44). At least one.</summary>
    public IList<NotificationCategory> Categories { get; set; } = [];

    /// <summary>Whether to revoke this callback URL's subscriptions of categories not in <see cref="Categories"/>. Default <see langword="false"/>.</summary>
    public bool Prune { get; set; }

    /// <summary>
    /// The pause between two passes over every user. Default 6 hours: Withings cancels a subscription only after
    /// deliveries kept failing for a long time, so a dropped one comes back the same day without spending much of
    /// the application's 120 requests per minute (one <c>list</c> per user per pass when nothing is missing).
    /// </summary>
    [TimeSpanRange("00:00:00.0000001")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// The wait before the first pass after start. Default 30 seconds, so that the application's own callback
    /// endpoint answers Withings' HEAD check by the time the first subscribe goes out.
    /// </summary>
    [TimeSpanRange("00:00:00")]
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(30);
}
