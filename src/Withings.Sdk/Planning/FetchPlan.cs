namespace Withings.Sdk;

/// <summary>PLACEHOLDER: completed by the FetchPlanner issue.</summary>
public sealed record FetchPlan
{
    /// <summary>Creates a plan.</summary>
    /// <param name="requests">The requests, in order.</param>
    /// <param name="reason">Why the plan is empty, when it is.</param>
    public FetchPlan(IReadOnlyList<FetchRequest> requests, string? reason = null)
    {
        Requests = requests;
        Reason = reason;
    }

    /// <summary>The requests, in the order to send them.</summary>
    public IReadOnlyList<FetchRequest> Requests { get; }

    /// <summary>Why there is nothing to fetch, when the plan is empty.</summary>
    public string? Reason { get; }
}
