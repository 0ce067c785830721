namespace Withings.Sdk;

/// <summary>
/// Where backfill jobs and their progress are kept, one job per user. The default keeps them where the receiver keeps
/// its queue: a table of the store file, Redis with <c>UseRedis</c>, in memory with <c>UseInMemoryState()</c> or
/// <c>UseInMemoryQueue()</c>. Methods may be called concurrently for different users.
/// </summary>
public interface IWithingsBackfillStore
{
    /// <summary>Reads the user's job.</summary>
    /// <param name="userId">The Withings user id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The job, finished or not; <see langword="null"/> when there is none.</returns>
    ValueTask<WithingsBackfillJob?> GetAsync(long userId, CancellationToken cancellationToken);

    /// <summary>Reads every job with requests left, to go on with after a restart.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The unfinished jobs.</returns>
    ValueTask<IReadOnlyList<WithingsBackfillJob>> ListUnfinishedAsync(CancellationToken cancellationToken);

    /// <summary>Stores a new job for its user, replacing any job the user had.</summary>
    /// <param name="job">The job, with its requests and progress.</param>
    /// <param name="cancellationToken">Cancels the write before it is made.</param>
    /// <returns>A task that completes when the job is stored durably.</returns>
    ValueTask SaveAsync(WithingsBackfillJob job, CancellationToken cancellationToken);

    /// <summary>
    /// Records progress: sets the stored job's <see cref="WithingsBackfillJob.Next"/> and
    /// <see cref="WithingsBackfillJob.Failed"/> to <paramref name="job"/>'s, only when the stored job is the same one
    /// (same <see cref="WithingsBackfillJob.Until"/>) and its <see cref="WithingsBackfillJob.Next"/> is still
    /// <paramref name="expectedNext"/>, so that progress never moves back or skips a request.
    /// </summary>
    /// <param name="job">The job with its new progress.</param>
    /// <param name="expectedNext">The stored job's <see cref="WithingsBackfillJob.Next"/> this progress follows.</param>
    /// <param name="cancellationToken">Cancels the write before it is made.</param>
    /// <returns><see langword="true"/> when recorded; <see langword="false"/> when the stored job changed meanwhile.</returns>
    ValueTask<bool> AdvanceAsync(WithingsBackfillJob job, int expectedNext, CancellationToken cancellationToken);
}
