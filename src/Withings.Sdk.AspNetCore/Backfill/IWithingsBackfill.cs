namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Fetches a user's history in the spare rate-limit budget: every request of a backfill waits until no live
/// notification waits (the receiver's queue is empty and the sync engine idle), so that a live notification waits at
/// most for the one request a backfill already sent. The data goes to the same <see cref="IWithingsDataHandler"/> as
/// live data, one request's whole result at a time. Jobs and their progress are kept where the receiver keeps its
/// queue (the store file, Redis with <c>UseRedis</c>, in memory with <c>UseInMemoryState()</c>), so that a backfill
/// goes on after a restart from the first request not handed over. Registered by <c>AddBackfill()</c>.
/// </summary>
public interface IWithingsBackfill
{
    /// <summary>
    /// Plans and records a backfill of the user's data from <paramref name="since"/> to now, for the categories of
    /// <see cref="WithingsBackfillOptions.Categories"/>, and returns once it is recorded; the requests run in the
    /// background. A user has one backfill at a time: while one is unfinished, this returns its progress unchanged.
    /// </summary>
    /// <param name="userId">The Withings user id, whose token the token store holds.</param>
    /// <param name="since">The earliest instant to fetch; before now.</param>
    /// <param name="cancellationToken">Cancels the recording, not the backfill once recorded.</param>
    /// <returns>The backfill's progress: nothing done yet for a new one.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="since"/> is not before now.</exception>
    Task<WithingsBackfillProgress> BackfillAsync(long userId, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>The progress of the user's latest backfill, finished or not.</summary>
    /// <param name="userId">The Withings user id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The progress; <see langword="null"/> when the user was never backfilled.</returns>
    Task<WithingsBackfillProgress?> GetProgressAsync(long userId, CancellationToken cancellationToken = default);
}
