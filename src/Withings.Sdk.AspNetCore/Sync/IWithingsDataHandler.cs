namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Receives the data the sync engine fetched: once per user and batch, with the typed results (every page of each
/// request: a result cut at <c>Fetch:MaxPages</c> is read on in later batches first), the notifications they answer
/// and the requests that failed. Resolved from a new scope per call. Register it with
/// <c>AddSync&lt;THandler&gt;()</c>.
/// </summary>
/// <remarks>
/// Store the data idempotently (keyed by Withings' own ids and dates): after a crash, or when this method throws, the
/// same data comes again. Throwing retries this user's part of the batch only, up to
/// <see cref="WithingsSyncOptions.Retry"/>; the cursors of the user's categories move only once it returned.
/// </remarks>
public interface IWithingsDataHandler
{
    /// <summary>Handles one user's data of a batch.</summary>
    /// <param name="data">The user's results, notifications and failures.</param>
    /// <param name="cancellationToken">Cancelled when the host stops for good.</param>
    /// <returns>A task that completes when the data is stored.</returns>
    Task HandleAsync(WithingsUserData data, CancellationToken cancellationToken);
}
