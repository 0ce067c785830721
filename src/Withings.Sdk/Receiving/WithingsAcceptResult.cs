namespace Withings.Sdk;

/// <summary>What <see cref="IWithingsReceiverStore.AcceptAsync"/> did with a notification.</summary>
public enum WithingsAcceptResult
{
    /// <summary>Stored: the endpoint answers <c>200</c>, and the notification will be handed to a reader.</summary>
    Accepted = 1,

    /// <summary>Its duplicate key was accepted before and not forgotten: a retry, answered <c>200</c> and dropped.</summary>
    Duplicate = 2,

    /// <summary>Refused, the store holding as many notifications or bytes as its limits: <c>503</c>, Withings retries later.</summary>
    Full = 3,

    /// <summary>Refused, <see cref="IWithingsReceiverStore.StopAccepting"/> was called: <c>503</c>, Withings retries later.</summary>
    Stopping = 4,

    /// <summary>Refused, the store cannot write now (a full disk, Redis unreachable): <c>503</c>, Withings retries later.</summary>
    Unavailable = 5,
}
