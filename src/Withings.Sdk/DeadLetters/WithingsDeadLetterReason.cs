namespace Withings.Sdk;

/// <summary>Why a notification was dead-lettered.</summary>
public enum WithingsDeadLetterReason
{
    /// <summary>The body is not a valid notification; it was acknowledged anyway, since a retry would not parse either.</summary>
    Unparseable = 1,

    /// <summary>The fetch planner could not plan the notification.</summary>
    PlanningFailed = 2,

    /// <summary>The handler failed on every attempt.</summary>
    HandlerFailed = 3,

    /// <summary>
    /// The host's shutdown timeout cut the drain while the notification was still held by the in-memory queue, which
    /// would lose it with the process: it is dead-lettered instead, to be replayed.
    /// </summary>
    Shutdown = 4,

    /// <summary>The sync engine's request for the notification's data failed permanently, or on every attempt.</summary>
    FetchFailed = 5,

    /// <summary>
    /// A shared queue (Redis) handed the notification to instances that stopped or died before acknowledging it, as
    /// many times as its delivery limit allows: it is set aside instead of being handed out again, in case it is what
    /// makes them die.
    /// </summary>
    DeliveryLimit = 6,
}
