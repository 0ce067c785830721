namespace Withings.Sdk;

/// <summary>What one pass of <see cref="WithingsSubscriptionReconciler.ReconcileAsync"/> did.</summary>
/// <param name="Users">Users whose subscriptions were checked.</param>
/// <param name="Restored">Subscriptions that were missing and are subscribed again.</param>
/// <param name="Failed">Users whose pass failed (the token store, the token, the list) or had a category that failed.</param>
/// <param name="SkippedDeadTokens">Users skipped because their token already failed and has not changed since.</param>
public sealed record SubscriptionReconcileReport(int Users, int Restored, int Failed, int SkippedDeadTokens);
