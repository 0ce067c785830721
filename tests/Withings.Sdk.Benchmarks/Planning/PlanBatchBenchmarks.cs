using BenchmarkDotNet.Attributes;

namespace Withings.Sdk.Benchmarks.Planning;

/// <summary>
/// A day of notifications from 500 users planned one by one (the baseline) and as one coalesced batch. The
/// <c>Requests</c> column counts the requests each way on the same stream.
/// </summary>
[MemoryDiagnoser]
[RequestCountColumns]
public class PlanBatchBenchmarks
{
    private readonly FetchPlanner _planner = PlanningSetup.CreatePlanner();
    private IReadOnlyList<WithingsNotification> _stream = [];

    /// <summary>How many notifications the stream holds, retries included.</summary>
    [Params(1_000, 10_000, 100_000)]
    public int Notifications { get; set; }

    /// <summary>Generates the stream once; generation is not measured.</summary>
    [GlobalSetup]
    public void Setup() => _stream = new NotificationStreamGenerator().Generate(Notifications);

    /// <summary>Plans every notification on its own and counts the requests.</summary>
    /// <returns>The number of requests.</returns>
    [Benchmark(Baseline = true, Description = "one by one")]
    public int OneByOne()
    {
        var requests = 0;
        foreach (var notification in _stream)
        {
            requests += _planner.Plan(notification, PlanningSetup.Context).Requests.Count;
        }

        return requests;
    }

    /// <summary>Plans the whole stream as one batch and counts the requests.</summary>
    /// <returns>The number of requests.</returns>
    [Benchmark(Description = "batch")]
    public int Batch() => _planner.Plan(_stream, PlanningSetup.ContextForUser).Requests.Count;
}
