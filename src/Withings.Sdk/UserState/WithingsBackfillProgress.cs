namespace Withings.Sdk;

/// <summary>How far a user's backfill got, counted in Withings requests (each read to its last page).</summary>
/// <param name="UserId">The Withings user id.</param>
/// <param name="Since">The earliest instant the backfill fetches.</param>
/// <param name="Until">The instant the backfill was planned at: where live data took over.</param>
/// <param name="Done">Requests settled: handed to the data handler (with their data, or as failures).</param>
/// <param name="Remaining">Requests still to send.</param>
/// <param name="Failed">Of <paramref name="Done"/>, the requests that failed for good and went to the data handler as failures.</param>
public sealed record WithingsBackfillProgress(long UserId, DateTimeOffset Since, DateTimeOffset Until, int Done, int Remaining, int Failed)
{
    /// <summary>Whether every request of the backfill is settled.</summary>
    public bool IsFinished => Remaining == 0;
}
