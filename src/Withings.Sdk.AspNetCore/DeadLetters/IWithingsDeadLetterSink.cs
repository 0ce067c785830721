namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Where notifications that cannot be handled end up, so that nothing acknowledged is silently dropped. The default
/// writes a structured warning log with the body; register your own to store them for replay.
/// </summary>
public interface IWithingsDeadLetterSink
{
    /// <summary>Records one dead letter. An exception thrown here is logged and the dead letter is dropped.</summary>
    /// <param name="deadLetter">The dead letter.</param>
    /// <param name="cancellationToken">Cancelled when the host stops for good.</param>
    /// <returns>A task that completes when it is recorded.</returns>
    ValueTask WriteAsync(WithingsDeadLetter deadLetter, CancellationToken cancellationToken);
}
