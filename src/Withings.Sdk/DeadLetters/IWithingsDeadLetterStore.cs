namespace Withings.Sdk;

/// <summary>
/// The dead letters kept in the receiver's durable store: list them, replay them (handle them again) or purge them.
/// Registered with the durable store (the default) and by <c>UseRedis</c> (Withings.Sdk.Redis); not available with
/// <c>UseInMemoryQueue()</c>.
/// </summary>
public interface IWithingsDeadLetterStore
{
    /// <summary>Lists the stored dead letters, oldest first.</summary>
    /// <param name="cancellationToken">Cancels the wait for the store.</param>
    /// <returns>The dead letters.</returns>
    ValueTask<IReadOnlyList<WithingsStoredDeadLetter>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Moves dead letters back into the queue, to be handled again, as far as the queue has room; those moved are no
    /// longer dead letters. In the receiver's own process they are handled at once; otherwise when it next starts.
    /// </summary>
    /// <param name="id">One dead letter's <see cref="WithingsStoredDeadLetter.Id"/>, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the wait for the store.</param>
    /// <returns>How many were moved back.</returns>
    ValueTask<int> ReplayAsync(long? id, CancellationToken cancellationToken);

    /// <summary>Deletes dead letters for good.</summary>
    /// <param name="id">One dead letter's <see cref="WithingsStoredDeadLetter.Id"/>, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the wait for the store.</param>
    /// <returns>How many were deleted.</returns>
    ValueTask<int> PurgeAsync(long? id, CancellationToken cancellationToken);
}
