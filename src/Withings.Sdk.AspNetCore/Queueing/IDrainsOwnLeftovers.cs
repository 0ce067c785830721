namespace Withings.Sdk.AspNetCore;

/// <summary>
/// A queue that loses what it holds when the process ends (the in-memory one). When the host's shutdown timeout cuts
/// the drain, the delivery loop takes what is left and dead-letters it (reason <see cref="WithingsDeadLetterReason.Shutdown"/>)
/// so that it can be replayed. A durable queue does not implement it: it delivers its leftovers again after the restart.
/// </summary>
internal interface IDrainsOwnLeftovers
{
    /// <summary>Every notification acknowledged and not marked processed, oldest first; the queue forgets them.</summary>
    IReadOnlyList<ReceivedNotification> TakeLeftovers();
}
