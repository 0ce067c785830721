namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The delivery loop's only door to the receiver's store: read, complete, dead-letter (the store's atomic move), stop
/// accepting. Nothing else in the loop or its stages touches the store. A store that dies with the process (the
/// in-memory one) dead-letters its own leftovers once the host has stopped; a durable one hands them out again.
/// </summary>
internal sealed class DeliveryStore(IWithingsReceiverStore store, DeadLetterWriter deadLetters)
{
    /// <summary>The notifications accepted and not read yet; 0 when the store cannot tell.</summary>
    public int Waiting => Math.Max(store.GetStatus().Waiting, 0);

    public IAsyncEnumerable<ReceivedNotification> ReadAllAsync(CancellationToken abort) => store.ReadAllAsync(abort);

    public ValueTask CompleteAsync(ReceivedNotification item, CancellationToken abort) => store.CompleteAsync(item, abort);

    /// <summary>Logs the dead letter (without body values) and moves it: the store completes it in the same step.</summary>
    public ValueTask DeadLetterAsync(WithingsDeadLetter deadLetter, CancellationToken abort) => deadLetters.WriteAsync(deadLetter, abort);

    public void StopAccepting() => store.StopAccepting();
}
