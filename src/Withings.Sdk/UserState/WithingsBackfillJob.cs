namespace Withings.Sdk;

/// <summary>
/// A user's backfill as an <see cref="IWithingsBackfillStore"/> keeps it: the planned requests, in the order they are
/// sent, and the index of the next one. A job is replaced as a whole by a new backfill of the same user, and only its
/// progress changes otherwise.
/// </summary>
/// <param name="UserId">The Withings user id.</param>
/// <param name="Since">The earliest instant fetched.</param>
/// <param name="Until">The instant the job was planned at.</param>
/// <param name="Requests">Every request, planned once: a restart goes on with the same list, whatever the settings then.</param>
public sealed record WithingsBackfillJob(long UserId, DateTimeOffset Since, DateTimeOffset Until, IReadOnlyList<FetchRequest> Requests)
{
    /// <summary>The index in <see cref="Requests"/> of the next request to send; <c>Requests.Count</c> once finished.</summary>
    public int Next { get; init; }

    /// <summary>How many of the requests before <see cref="Next"/> failed for good.</summary>
    public int Failed { get; init; }

    /// <summary>The progress the job stands for.</summary>
    /// <returns>Done, remaining and failed counts.</returns>
    public WithingsBackfillProgress ToProgress() => new(UserId, Since, Until, Next, Requests.Count - Next, Failed);
}
