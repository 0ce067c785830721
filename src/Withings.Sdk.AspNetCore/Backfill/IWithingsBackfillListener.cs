namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Told how backfills progress: after each request settled, and once per user when the backfill finished. Register
/// it with <c>AddBackfillListener&lt;T&gt;()</c>; a listener that throws is logged and never stops the backfill.
/// </summary>
public interface IWithingsBackfillListener
{
    /// <summary>Called after each request of a backfill was handed to the data handler and its progress recorded.</summary>
    /// <param name="progress">The user's progress.</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    /// <returns>A task that completes when handled.</returns>
    Task OnProgressAsync(WithingsBackfillProgress progress, CancellationToken cancellationToken);

    /// <summary>Called once when a user's backfill has settled every request (after its last <see cref="OnProgressAsync"/>).</summary>
    /// <param name="progress">The user's final counts.</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    /// <returns>A task that completes when handled.</returns>
    Task OnUserFinishedAsync(WithingsBackfillProgress progress, CancellationToken cancellationToken);
}
