namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The delivery loop's only door to the receiver's store: read, complete, dead-letter, stop accepting, and what is left
/// when a drain is cut. Nothing else in the loop or its stages touches the queue or the dead-letter sink.
/// </summary>
internal sealed class DeliveryStore(IWithingsNotificationQueue queue, IWithingsDeadLetterSink deadLetters)
{
    /// <summary>The notifications accepted and not read yet; 0 when the store cannot tell.</summary>
    public int Waiting => Math.Max(queue.Count, 0);

    public IAsyncEnumerable<ReceivedNotification> ReadAllAsync(CancellationToken abort) => queue.ReadAllAsync(abort);

    public ValueTask CompleteAsync(ReceivedNotification item, CancellationToken abort) => queue.MarkProcessedAsync(item, abort);

    public ValueTask DeadLetterAsync(WithingsDeadLetter deadLetter, CancellationToken abort) => deadLetters.WriteAsync(deadLetter, abort);

    public void StopAccepting() => queue.StopAccepting();

    /// <summary>
    /// What a store that dies with the process (the in-memory one) still holds, read or not, which it forgets;
    /// <see langword="null"/> for a durable store, which delivers its own again after a restart.
    /// </summary>
    public IReadOnlyList<ReceivedNotification>? TakeLeftovers() => queue is IDrainsOwnLeftovers own ? own.TakeLeftovers() : null;
}
