namespace Withings.Sdk;

/// <summary>What <see cref="IWithingsNotifyClient.EnsureSubscriptionsAsync"/> did for one category.</summary>
/// <param name="Appli">The category.</param>
/// <param name="Kind">Kept, subscribed, revoked or failed.</param>
/// <param name="Error">Why it failed; <see langword="null"/> unless <paramref name="Kind"/> is <see cref="SubscriptionOutcomeKind.Failed"/>.</param>
public sealed record SubscriptionOutcome(NotificationCategory Appli, SubscriptionOutcomeKind Kind, WithingsApiException? Error = null);
