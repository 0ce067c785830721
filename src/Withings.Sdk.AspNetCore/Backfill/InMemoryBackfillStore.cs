namespace Withings.Sdk.AspNetCore;

/// <summary>Backfill jobs in memory (<c>UseInMemoryState()</c>, <c>UseInMemoryQueue()</c>): lost when the process ends.</summary>
internal sealed class InMemoryBackfillStore : IWithingsBackfillStore
{
    private readonly Dictionary<long, WithingsBackfillJob> _jobs = [];

    public ValueTask<WithingsBackfillJob?> GetAsync(long userId, CancellationToken cancellationToken)
    {
        lock (_jobs)
        {
            return ValueTask.FromResult(_jobs.GetValueOrDefault(userId));
        }
    }

    public ValueTask<IReadOnlyList<WithingsBackfillJob>> ListUnfinishedAsync(CancellationToken cancellationToken)
    {
        lock (_jobs)
        {
            return ValueTask.FromResult<IReadOnlyList<WithingsBackfillJob>>([.. _jobs.Values.Where(j => j.Next < j.Requests.Count)]);
        }
    }

    public ValueTask SaveAsync(WithingsBackfillJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (_jobs)
        {
            _jobs[job.UserId] = job;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> AdvanceAsync(WithingsBackfillJob job, int expectedNext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (_jobs)
        {
            if (!_jobs.TryGetValue(job.UserId, out var stored) || stored.Until != job.Until || stored.Next != expectedNext)
            {
                return ValueTask.FromResult(false);
            }

            _jobs[job.UserId] = stored with { Next = job.Next, Failed = job.Failed };
            return ValueTask.FromResult(true);
        }
    }
}
