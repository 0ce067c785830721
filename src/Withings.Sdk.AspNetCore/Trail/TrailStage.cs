namespace Withings.Sdk.AspNetCore;

/// <summary>A step of a notification's path through the receiver, as the trail records it.</summary>
internal enum TrailStage
{
    /// <summary>Acknowledged and handed to the queue.</summary>
    Queued,

    /// <summary>Acknowledged without handing over: already received.</summary>
    Duplicate,

    /// <summary>Refused with 503 after parsing (queue full, store unavailable, stopping): Withings sends it again.</summary>
    Refused,

    /// <summary>Taken for handling; the detail names the requests planned or sent.</summary>
    Fetched,

    /// <summary>The handler completed.</summary>
    Handled,

    /// <summary>Dead-lettered; the detail names the reason.</summary>
    DeadLettered,

    /// <summary>Moved back into the queue from the dead letters, from the dashboard.</summary>
    Replayed,
}
