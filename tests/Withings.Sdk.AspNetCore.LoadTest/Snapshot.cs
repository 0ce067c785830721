namespace Withings.Sdk.AspNetCore.LoadTest;

/// <summary>The receiver's own counters (the "Withings.Sdk" meter) and the dead letters its sink got, at one moment.</summary>
internal sealed record Snapshot(long Received, long Acknowledged, long Rejected, long Handled, long Duplicates, long DeadLettered, long DeadLettersWritten)
{
    /// <summary>Acknowledged notifications whose fate is decided: handled, dropped as duplicates, or dead-lettered.</summary>
    public long Settled => Handled + Duplicates + DeadLettered;

    public static Snapshot Take(ReceiverUnderTest receiver) => new(
        receiver.Counter("withings.notifications.received"),
        receiver.Counter("withings.notifications.acknowledged"),
        receiver.Counter("withings.notifications.rejected"),
        receiver.Counter("withings.notifications.handled"),
        receiver.Counter("withings.notifications.duplicates"),
        receiver.Counter("withings.notifications.dead_lettered"),
        receiver.DeadLetters);

    public static Snapshot operator -(Snapshot a, Snapshot b) => new(
        a.Received - b.Received,
        a.Acknowledged - b.Acknowledged,
        a.Rejected - b.Rejected,
        a.Handled - b.Handled,
        a.Duplicates - b.Duplicates,
        a.DeadLettered - b.DeadLettered,
        a.DeadLettersWritten - b.DeadLettersWritten);
}
