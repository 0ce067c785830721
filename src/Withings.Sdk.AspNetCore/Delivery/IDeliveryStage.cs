using System.Threading.Channels;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// What runs on the delivery loop: the per-notification handler (<c>AddHandler</c>) or the sync engine
/// (<c>AddSync</c>). The loop reads the store and owns drain, leftovers, completion and dead letters
/// (<see cref="DeliveryLedger"/>); a stage only decides what to do with each notification, and settles each one
/// it was given, completed or dead-lettered, through the ledger.
/// </summary>
internal interface IDeliveryStage : IDisposable
{
    /// <summary>How far the loop may read ahead of the stage.</summary>
    DeliveryRoom Room { get; }

    /// <summary>Throws when the stage cannot run as registered (no handler): the host's start fails with it.</summary>
    void EnsureReady();

    /// <summary>
    /// Works on what arrives until <paramref name="arrivals"/> ends and every notification taken is settled, or until
    /// <paramref name="abort"/> (the shutdown deadline), when what is in hand stays unsettled.
    /// </summary>
    Task RunAsync(ChannelReader<ReceivedNotification> arrivals, CancellationToken abort);
}
