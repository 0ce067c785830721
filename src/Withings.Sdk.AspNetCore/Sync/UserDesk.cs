namespace Withings.Sdk.AspNetCore;

/// <summary>
/// One user's notifications waiting for that user's next round (<see cref="SyncStage"/>): what arrives while the user
/// waits for its window to close or for its turn, taken all at once when the turn is granted and planned together.
/// Read and written under the stage's lock only.
/// </summary>
internal sealed class UserDesk(long? userId, DateTimeOffset openedAt)
{
    public long? UserId { get; } = userId;

    /// <summary>When the first notification arrived: the user's window closes <see cref="WithingsSyncOptions.BatchWindow"/> later.</summary>
    public DateTimeOffset OpenedAt { get; } = openedAt;

    /// <summary>The notifications waiting, in the order received.</summary>
    public List<ReceivedNotification> Items { get; } = [];

    /// <summary>Whether the user's rounds run (its first window closed): what arrives now waits for its next round.</summary>
    public bool Running { get; set; }

    /// <summary>
    /// When the window of the user's next round ends: <see cref="WithingsSyncOptions.BatchWindow"/> after the first
    /// notification that arrived while a round ran; null when none waits for a next round.
    /// </summary>
    public DateTimeOffset? NextWindowEndsAt { get; set; }

    /// <summary>Whether a waiting notification needs requests, so the round waits for a turn before it plans.</summary>
    public bool NeedsTurn => UserId is not null && Items.Exists(i => i.Notification is not UserProfileNotification);

    /// <summary>Takes every waiting notification for a round.</summary>
    public List<ReceivedNotification> TakeAll()
    {
        var items = new List<ReceivedNotification>(Items);
        Items.Clear();
        return items;
    }
}
