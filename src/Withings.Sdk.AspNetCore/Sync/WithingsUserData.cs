namespace Withings.Sdk.AspNetCore;

/// <summary>One user's part of a sync batch, as the data handler receives it.</summary>
/// <param name="UserId">The Withings user id; <see langword="null"/> for notifications without one (appli 53).</param>
/// <param name="Notifications">The user's notifications of the batch that these requests answer, in the order received.</param>
/// <param name="Plan">
/// The user's requests, coalesced across the notifications. Requests without a user (User v2 <c>link</c> for appli 53)
/// are planned but not sent: the engine cannot tell whose token links the device.
/// </param>
/// <param name="Results">
/// What each sent request fetched, typed (<see cref="FetchResult.Records"/>), in plan order; failed ones are in
/// <paramref name="Failures"/> instead.
/// </param>
/// <param name="Failures">The requests that failed after every retry, each with its <see cref="FetchResult.Error"/>.</param>
public sealed record WithingsUserData(
    long? UserId,
    IReadOnlyList<WithingsNotification> Notifications,
    FetchPlan Plan,
    IReadOnlyList<FetchResult> Results,
    IReadOnlyList<FetchResult> Failures);
