namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The backfill's priority rule, in one place: a backfill request may take a rate-limit permit only while no live
/// notification waits, that is while the receiver's queue is empty and the sync engine holds no notification (buffered,
/// in a batch or with pages left). Backfill requests go one at a time and each waits here first, so a live
/// notification waits at most for the one backfill request already sent (or already queued at the limiter).
/// </summary>
/// <remarks>
/// Nothing signals when the engine becomes idle, so the gate looks again every <see cref="PollInterval"/> on the
/// <see cref="TimeProvider"/>: at most that much spare budget is left unused after live work. A queue that cannot
/// count (a negative count) is taken as empty: the engine's own count still closes the gate once it reads.
/// </remarks>
internal sealed class BackfillGate(IWithingsNotificationQueue queue, SyncBatchProcessor engine, TimeProvider timeProvider)
{
    /// <summary>How often a closed gate looks again.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Whether live work waits: notifications queued, or read by the engine and not yet processed.</summary>
    public bool LiveWorkWaits => queue.Count > 0 || engine.InHandCount > 0;

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
