using System.Collections.Concurrent;

namespace Withings.Sdk.Benchmarks.Planning;

/// <summary>How many Withings requests one generated stream costs, planned one by one and as a batch.</summary>
/// <param name="Notifications">The size of the stream, retries included.</param>
/// <param name="OneByOne">The sum of the requests of every notification planned on its own.</param>
/// <param name="Batched">The requests of the coalesced batch plan.</param>
public sealed record RequestCounts(int Notifications, int OneByOne, int Batched)
{
    private static readonly ConcurrentDictionary<int, RequestCounts> Cache = new();

    /// <summary>How many times fewer requests the batch sends.</summary>
    public double Reduction => Batched == 0 ? double.PositiveInfinity : (double)OneByOne / Batched;

    /// <summary>Counts the requests for the benchmarks' stream of <paramref name="notifications"/> notifications.</summary>
    /// <param name="notifications">The size of the stream.</param>
    /// <returns>The counts; computed once per size.</returns>
    public static RequestCounts For(int notifications) => Cache.GetOrAdd(notifications, Measure);

    private static RequestCounts Measure(int notifications)
    {
        var stream = new NotificationStreamGenerator().Generate(notifications);
        var planner = PlanningSetup.CreatePlanner();
        var oneByOne = stream.Sum(n => planner.Plan(n, PlanningSetup.Context).Requests.Count);
        var batched = planner.Plan(stream, PlanningSetup.ContextForUser).Requests.Count;
        return new RequestCounts(notifications, oneByOne, batched);
    }
}
