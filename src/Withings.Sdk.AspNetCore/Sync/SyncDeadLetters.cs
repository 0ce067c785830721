using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore;

/// <summary>Moves the engine's dead letters to the store's, counts them, and survives a failing store.</summary>
internal sealed class SyncDeadLetters(DeadLetterWriter sink, ReceiverMetrics metrics, ILogger<SyncDeadLetters> logger)
{
    public async Task WriteAsync(WithingsDeadLetter deadLetter, CancellationToken abort)
    {
        metrics.DeadLettered(deadLetter.Reason);
        metrics.Trail.DeadLettered(deadLetter);
        try
        {
            await sink.WriteAsync(deadLetter, abort).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The sink is user code: its failure is logged, never stops the engine.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            SyncLog.DeadLetterSinkFailed(logger, exception);
        }
    }
}
