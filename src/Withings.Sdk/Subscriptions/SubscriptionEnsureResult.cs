namespace Withings.Sdk;

/// <summary>
/// The result of <see cref="IWithingsNotifyClient.EnsureSubscriptionsAsync"/>: one <see cref="SubscriptionOutcome"/>
/// per category asked for (kept, subscribed or failed), then one per pruned category (revoked or failed).
/// </summary>
public sealed record SubscriptionEnsureResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="outcomes">The outcomes, in the order the calls were made.</param>
    public SubscriptionEnsureResult(IReadOnlyList<SubscriptionOutcome> outcomes) =>
        Outcomes = outcomes ?? throw new ArgumentNullException(nameof(outcomes));

    /// <summary>Every category's outcome, in the order the calls were made.</summary>
    public IReadOnlyList<SubscriptionOutcome> Outcomes { get; }

    /// <summary>The categories that were missing and are now subscribed.</summary>
    public IReadOnlyList<NotificationCategory> Subscribed => Of(SubscriptionOutcomeKind.Subscribed);

    /// <summary>The categories the callback URL already had.</summary>
    public IReadOnlyList<NotificationCategory> Kept => Of(SubscriptionOutcomeKind.Kept);

    /// <summary>The categories whose subscription of this callback URL was revoked because they were not asked for.</summary>
    public IReadOnlyList<NotificationCategory> Revoked => Of(SubscriptionOutcomeKind.Revoked);

    /// <summary>The categories Withings refused to subscribe or revoke.</summary>
    public IReadOnlyList<NotificationCategory> Failed => Of(SubscriptionOutcomeKind.Failed);

    /// <summary>Whether every category ended as asked (nothing failed).</summary>
    public bool Succeeded => Outcomes.All(o => o.Kind != SubscriptionOutcomeKind.Failed);

    private NotificationCategory[] Of(SubscriptionOutcomeKind kind) => [.. Outcomes.Where(o => o.Kind == kind).Select(o => o.Appli)];
}
