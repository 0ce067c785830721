namespace Withings.Sdk;

/// <summary>Whether a receiver store works, as <see cref="WithingsStoreStatus.Condition"/> reports it.</summary>
public enum WithingsStoreCondition
{
    /// <summary>It accepts, hands out and removes notifications.</summary>
    Healthy = 0,

    /// <summary>It works, but something needs attention (<see cref="WithingsStoreStatus.Reason"/> says what).</summary>
    Degraded = 1,

    /// <summary>It cannot store notifications now: the endpoint answers <c>503</c> until it can.</summary>
    Unavailable = 2,
}
