using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The consumers' one way to give up on a notification: a warning without the body's values (<see cref="DeadLetterLog"/>),
/// then the store's atomic move to its dead letters.
/// </summary>
internal sealed class DeadLetterWriter(IWithingsReceiverStore store, ILogger<DeadLetterWriter> logger)
{
    public async ValueTask WriteAsync(WithingsDeadLetter deadLetter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        DeadLetterLog.Write(logger, deadLetter);
        await store.DeadLetterAsync(deadLetter.Item, deadLetter.Reason, deadLetter.Error, deadLetter.Attempts, cancellationToken).ConfigureAwait(false);
    }
}
