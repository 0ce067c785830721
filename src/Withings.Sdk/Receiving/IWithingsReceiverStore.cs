namespace Withings.Sdk;

/// <summary>
/// Where the receiver keeps what it acknowledged to Withings until it is handled: the queue, the duplicate keys that
/// recognise Withings' retries, and the dead letters, behind one seam so that each step that must be atomic is one
/// call. The default is a SQLite file (<c>Withings:Receiver:StorePath</c>) that survives a crash or <c>kill -9</c>;
/// <c>UseInMemoryQueue()</c> keeps everything in memory (lost with the process), <c>UseRedis</c> (Withings.Sdk.Redis)
/// in Redis, shared by every instance. Each also administers its dead letters (<see cref="IWithingsDeadLetterStore"/>).
/// </summary>
/// <remarks>
/// <para>The endpoint answers Withings <c>200</c> only after <see cref="AcceptAsync"/> returned
/// <see cref="WithingsAcceptResult.Accepted"/> or <see cref="WithingsAcceptResult.Duplicate"/>: from then on the store
/// owns the notification until <see cref="CompleteAsync"/> or <see cref="DeadLetterAsync"/>. It counts against
/// <see cref="WithingsReceiverOptions.QueueCapacity"/> and <see cref="WithingsReceiverOptions.QueueCapacityBytes"/>
/// all that time: while waiting, while handled and while waiting for a retry.</para>
/// <para>Duplicates: a notification whose <see cref="ReceivedNotification.DuplicateKey"/> was accepted within
/// <see cref="WithingsReceiverOptions.DuplicateTimeToLive"/> is a <see cref="WithingsAcceptResult.Duplicate"/>. When
/// the store hands a notification whose <see cref="ReceivedNotification.IsRepeatable"/> is true to a reader, it
/// forgets its key: the same body posted after that is new data at Withings, not a retry.</para>
/// <para>A store that loses what it holds with the process (the in-memory one) dead-letters what is still unfinished
/// when the host has stopped, as <see cref="WithingsDeadLetterReason.Shutdown"/>; a durable one hands it to readers
/// again at the next start.</para>
/// </remarks>
public interface IWithingsReceiverStore : IWithingsDeadLetterStore
{
    /// <summary>
    /// Checks the notification's duplicate key and appends it, in one step (one SQLite transaction, one Redis script,
    /// one lock in memory): of two instances receiving the same retry at once, exactly one appends it.
    /// </summary>
    /// <param name="notification">The notification as received.</param>
    /// <param name="cancellationToken">Cancelled when the sender went away; a store may still complete the append.</param>
    /// <returns>What became of it; only <see cref="WithingsAcceptResult.Accepted"/> and
    /// <see cref="WithingsAcceptResult.Duplicate"/> may be answered with <c>200</c>.</returns>
    ValueTask<WithingsAcceptResult> AcceptAsync(ReceivedNotification notification, CancellationToken cancellationToken);

    /// <summary>
    /// Hands out the accepted notifications, each to one reader. Several readers may enumerate at once. The sequence
    /// ends once <see cref="StopAccepting"/> was called and every notification accepted before it was handed out.
    /// </summary>
    /// <param name="cancellationToken">Ends the enumeration at once, even with notifications left.</param>
    /// <returns>The notifications.</returns>
    IAsyncEnumerable<ReceivedNotification> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Removes a notification handed out by <see cref="ReadAllAsync"/> once it was handled. Does nothing for one already removed.</summary>
    /// <param name="notification">The notification, as handed out.</param>
    /// <param name="cancellationToken">Cancelled when the host stops for good.</param>
    /// <returns>A task that completes once the store has recorded it.</returns>
    ValueTask CompleteAsync(ReceivedNotification notification, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a notification from the queue to the dead letters in one step (one SQLite transaction, one Redis script):
    /// afterwards it is never handed out again and <see cref="IWithingsDeadLetterStore.ListAsync"/> lists it, unless the
    /// dead letters are full (as many as <see cref="WithingsReceiverOptions.QueueCapacity"/> or its bytes), when it is
    /// only logged. A notification not handed out by this store (read back after a restart elsewhere) is added.
    /// </summary>
    /// <param name="notification">The notification, as handed out.</param>
    /// <param name="reason">Why.</param>
    /// <param name="description">What went wrong, in words, without values from the body: the dead letter's <see cref="WithingsStoredDeadLetter.Error"/>.</param>
    /// <param name="attempts">How many times it was tried.</param>
    /// <param name="cancellationToken">Cancelled when the host stops for good.</param>
    /// <returns>A task that completes once the move is recorded.</returns>
    ValueTask DeadLetterAsync(ReceivedNotification notification, WithingsDeadLetterReason reason, string description, int attempts, CancellationToken cancellationToken);

    /// <summary>
    /// Stops accepting (<see cref="AcceptAsync"/> answers <see cref="WithingsAcceptResult.Stopping"/> from now on);
    /// readers end once they have read what was accepted before. Called when the host stops.
    /// </summary>
    void StopAccepting();

    /// <summary>What the store knows now without asking its backend: cheap, for the queue-depth gauge.</summary>
    /// <returns>The status.</returns>
    WithingsStoreStatus GetStatus();

    /// <summary>
    /// Asks the backend (a commit through the SQLite writer, a round trip to Redis) and returns the status it proves:
    /// what the health check reports. A SQLite store that could not write learns here that it can again.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait for the backend.</param>
    /// <returns>The status.</returns>
    ValueTask<WithingsStoreStatus> CheckAsync(CancellationToken cancellationToken);
}
