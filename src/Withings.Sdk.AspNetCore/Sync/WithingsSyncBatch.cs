namespace Withings.Sdk.AspNetCore;

/// <summary>What one sync batch did, for an <see cref="IWithingsSyncListener"/>.</summary>
/// <param name="Notifications">How many notifications the batch held (profile actions and unparseable bodies included).</param>
/// <param name="Users">How many users' parts it was split into.</param>
/// <param name="PlannedRequests">How many requests the coalesced plan held.</param>
/// <param name="SentRequests">How many planned requests were sent, retries of a request counted once.</param>
/// <param name="DeadLettered">How many notifications were dead-lettered.</param>
public sealed record WithingsSyncBatch(int Notifications, int Users, int PlannedRequests, int SentRequests, int DeadLettered);
