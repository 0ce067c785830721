namespace Withings.Sdk;

/// <summary>What the last pass of <see cref="WithingsSubscriptionReconciler"/> found for one user.</summary>
/// <param name="UserId">The Withings user id.</param>
/// <param name="CheckedAt">When the reconciler checked the user.</param>
/// <param name="Outcomes">Per category: kept, subscribed again (it was missing), revoked or failed; empty when the
/// user's check failed before the subscriptions were listed.</param>
/// <param name="Failure">Why the user's check failed as a whole (the token, the list); <see langword="null"/> when it did not.</param>
/// <param name="TokenDead">Whether the user's token no longer works: the user is skipped until it changes.</param>
public sealed record SubscriptionUserCheck(
    long UserId,
    DateTimeOffset CheckedAt,
    IReadOnlyList<SubscriptionOutcome> Outcomes,
    WithingsStatusFamily? Failure,
    bool TokenDead);
