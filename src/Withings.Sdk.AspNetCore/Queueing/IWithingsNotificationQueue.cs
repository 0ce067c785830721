using System.Diagnostics.CodeAnalysis;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Where the endpoint hands acknowledged notifications over to the background handler. The default keeps them in the
/// durable store's SQLite file, <c>UseInMemoryQueue()</c> in a bounded in-memory channel; register your own (over a
/// broker you already run) to share the work between instances.
/// </summary>
/// <remarks>
/// The endpoint answers Withings <c>200</c> only after <see cref="TryEnqueueAsync"/> returned <see langword="true"/>:
/// from then on the queue owns the notification until <see cref="MarkProcessedAsync"/>. The receiver reads at most one
/// notification ahead per free handler slot. A notification whose handler failed waits for its retry inside the
/// receiver, without a slot and without <see cref="MarkProcessedAsync"/>, so a durable queue delivers it again after a
/// crash; count it against your capacity until it is marked processed. When the host's shutdown timeout cuts the
/// drain, what was not marked processed stays in a durable queue for the next start (only the built-in in-memory
/// queue hands its leftovers to the dead-letter sink).
/// </remarks>
[SuppressMessage("Naming", "CA1711", Justification = "It is a queue, and users look for one by that name.")]
public interface IWithingsNotificationQueue
{
    /// <summary>The number of notifications waiting, for the queue-depth gauge; -1 when unknown.</summary>
    int Count { get; }

    /// <summary>Hands a notification over.</summary>
    /// <param name="notification">The notification.</param>
    /// <param name="cancellationToken">Cancelled when the caller gives up (the request was aborted).</param>
    /// <returns>
    /// <see langword="true"/> once the notification is safely stored; <see langword="false"/> when the queue is full
    /// or no longer accepting, and the endpoint then answers <c>503</c> so that Withings retries later.
    /// </returns>
    ValueTask<bool> TryEnqueueAsync(ReceivedNotification notification, CancellationToken cancellationToken);

    /// <summary>
    /// Reads notifications as they arrive. Several readers may enumerate at once (one per handler slot). The sequence
    /// ends once <see cref="StopAccepting"/> was called and every notification accepted before it was read.
    /// </summary>
    /// <param name="cancellationToken">Ends the enumeration at once, even with notifications left.</param>
    /// <returns>The notifications.</returns>
    IAsyncEnumerable<ReceivedNotification> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Called once per notification read, after it was handled or dead-lettered: a broker acknowledges it here.</summary>
    /// <param name="notification">The notification.</param>
    /// <param name="cancellationToken">Cancelled when the host stops for good.</param>
    /// <returns>A task that completes when the queue has recorded it.</returns>
    ValueTask MarkProcessedAsync(ReceivedNotification notification, CancellationToken cancellationToken);

    /// <summary>
    /// Stops accepting: <see cref="TryEnqueueAsync"/> returns <see langword="false"/> from now on, and readers end
    /// once they have read what was accepted before. Called when the host stops.
    /// </summary>
    void StopAccepting();
}
