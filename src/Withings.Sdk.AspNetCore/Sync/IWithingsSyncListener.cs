namespace Withings.Sdk.AspNetCore;

/// <summary>Told after each sync batch (one user's round), once it was handled or dead-lettered. Optional.</summary>
public interface IWithingsSyncListener
{
    /// <summary>Called once per batch.</summary>
    /// <param name="batch">What the batch did.</param>
    /// <param name="cancellationToken">Cancelled when the host stops for good.</param>
    /// <returns>A task that completes when the listener is done.</returns>
    Task OnBatchSyncedAsync(WithingsSyncBatch batch, CancellationToken cancellationToken);
}
