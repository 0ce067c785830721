namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Remembers which notifications were already handed over, so that Withings' retries of one notification are
/// handled once (and a window-less body waiting in the queue is not queued twice). The receiver keeps one in memory by default; register your own (one shared by every instance) with
/// <c>services.Replace(ServiceDescriptor.Singleton&lt;IDuplicateFilter, YourFilter&gt;())</c>.
/// </summary>
/// <remarks>
/// The endpoint calls <see cref="TryReserveAsync"/> before handing a notification to the queue and
/// <see cref="ReleaseAsync"/> when the hand-over failed. The consumer (the delivery loop's handler or sync stage)
/// also calls <see cref="ReleaseAsync"/> when it takes a notification without a window (glucose, an activity
/// <c>date</c>, …): the same body posted after that is new data at Withings, not a retry. A filter that throws does
/// not refuse the notification: it is handed over, and at worst a retry is handled twice.
/// </remarks>
public interface IDuplicateFilter
{
    /// <summary>Records the key; <see langword="false"/> when it was already recorded and has not expired.</summary>
    /// <param name="key">The notification's idempotency key (at most a few hundred characters).</param>
    /// <param name="cancellationToken">Cancelled when the request is aborted.</param>
    /// <returns><see langword="true"/> when this caller reserved the key and must hand the notification over.</returns>
    ValueTask<bool> TryReserveAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets a reservation: one whose hand-over failed, so that Withings' retry is not taken for a duplicate, or a
    /// window-less notification's once it was taken for handling, so that the same body later is handled again.
    /// </summary>
    /// <param name="key">The key that <see cref="TryReserveAsync"/> reserved.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the key is forgotten.</returns>
    ValueTask ReleaseAsync(string key, CancellationToken cancellationToken);
}
