namespace Withings.Sdk;

/// <summary>What <see cref="IWithingsNotifyClient.EnsureSubscriptionsAsync"/> did for one category.</summary>
public enum SubscriptionOutcomeKind
{
    /// <summary>The callback URL already had the category: nothing was sent.</summary>
    Kept,

    /// <summary>The category was missing and is now subscribed.</summary>
    Subscribed,

    /// <summary>The category was not asked for and its subscription of this callback URL was revoked (prune).</summary>
    Revoked,

    /// <summary>Withings refused the subscribe or the revoke; <see cref="SubscriptionOutcome.Error"/> says why.</summary>
    Failed,
}
