namespace Withings.Sdk.AspNetCore;

/// <summary>
/// What one sync batch did, for an <see cref="IWithingsSyncListener"/>. A batch is one round of one user: what waited
/// for that user when its turn under the rate limit came, planned and handled together. A round that reads on where
/// results stopped at <c>Fetch:MaxPages</c> is a batch too, holding only the notifications that arrived meanwhile (often
/// none); a body that does not parse is dead-lettered as a batch of its own.
/// </summary>
/// <param name="Notifications">How many notifications the batch took from the queue (profile actions and unparseable bodies included).</param>
/// <param name="Users">How many users' parts it ran: 1, or 0 for profile actions or an unparseable body only.</param>
/// <param name="PlannedRequests">How many requests the coalesced plan held, and the intraday ones planned once a new user's zone was known.</param>
/// <param name="SentRequests">How many requests were sent, and results read on from their offset, retries counted once.</param>
/// <param name="DeadLettered">How many notifications were dead-lettered.</param>
public sealed record WithingsSyncBatch(int Notifications, int Users, int PlannedRequests, int SentRequests, int DeadLettered);
