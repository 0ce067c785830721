namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The backfill's priority rule, in one place: a backfill request may take a rate-limit permit only while no live
/// notification waits, that is while the receiver store holds no notification (waiting, with the sync engine, waiting
/// for a retry or with pages left; with Redis, in any instance). Backfill requests go one at a time and each waits here first, so a live
/// notification waits at most for the one backfill request already sent (or already queued at the limiter).
/// </summary>
/// <remarks>
/// Nothing signals when the engine becomes idle, so the gate looks again every <see cref="PollInterval"/> on the
/// <see cref="TimeProvider"/>: at most that much spare budget is left unused after live work. A queue that cannot
/// count (a negative count) is taken as empty. Backfill requests also take their permits in the rate limiter's lowest
/// class (<see cref="WithingsRequestPriority.Backfill"/>), so a live request that arrives meanwhile goes first.
/// </remarks>
internal sealed class BackfillGate(IWithingsReceiverStore store, TimeProvider timeProvider)
{
    /// <summary>How often a closed gate looks again.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Whether live work waits: notifications accepted and not yet completed or dead-lettered.</summary>
    public bool LiveWorkWaits => store.GetStatus().Held > 0;

    /// <summary>Returns once no live notification waits.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when a backfill request may go.</returns>
    public async Task WaitForSpareBudgetAsync(CancellationToken cancellationToken)
    {
        while (LiveWorkWaits)
        {
            await Task.Delay(PollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }
}
