namespace Withings.Sdk.AspNetCore;

/// <summary>
/// One user's share of the work: the queue items, the planned requests with what each fetched so far, and what the
/// engine knows of the user. A part whose results are not all read stays for a later turn, and takes in the user's
/// later notifications meanwhile, so that a user has one part at a time.
/// </summary>
internal sealed class UserPart(long? userId)
{
    public long? UserId { get; } = userId;

    public List<ReceivedNotification> Items { get; } = [];

    public List<PartRequest> Requests { get; } = [];

    /// <summary>The user's context as read when the part was planned; <see langword="null"/> without a user.</summary>
    public WithingsUserContext? Context { get; set; }

    /// <summary>The user's zone as known to the engine: the context's, then the one Withings' answers carried.</summary>
    public string? TimeZone { get; set; }

    /// <summary>
    /// Whether the intraday requests wait for the zone: it was unknown when an activity notification named a day, whose
    /// hours depend on it (<see cref="SyncBatchPlanner.PlanIntraday"/>).
    /// </summary>
    public bool AwaitsZone { get; set; }

    /// <summary>
    /// The user's turn granted before the round planned this part (late binding): its first live request goes on it
    /// instead of waiting for another; released once the live requests are sent.
    /// </summary>
    public FairTurns.Turn? GrantedTurn { get; set; }

    /// <summary>Whether a request has pages left to read in a later turn.</summary>
    public bool HasPagesLeft => Requests.Exists(r => r.Result is { IsSuccess: true, IsComplete: false });

    /// <summary>Takes in a later part of the same user: its notifications are settled with this part's.</summary>
    public void Absorb(UserPart later)
    {
        Items.AddRange(later.Items);
        Requests.AddRange(later.Requests);
        AwaitsZone |= later.AwaitsZone;
    }
}
