using BenchmarkDotNet.Attributes;

namespace Withings.Sdk.Benchmarks.Planning;

/// <summary>Planning one notification, as the webhook handler does for each body it receives.</summary>
[MemoryDiagnoser]
public class PlanOneBenchmarks
{
    private readonly FetchPlanner _planner = PlanningSetup.CreatePlanner();
    private WithingsNotification _notification = null!;

    /// <summary>The category: weight (one getmeas), activity (three services), sleep (a split window and a summary).</summary>
    [Params(1, 16, 44)]
    public int Appli { get; set; }

    /// <summary>Parses the notification of the category once.</summary>
    [GlobalSetup]
    public void Setup() => _notification = new NotificationParser().Parse(Body(Appli));

    /// <summary>Plans the notification.</summary>
    /// <returns>The plan.</returns>
    [Benchmark]
    public FetchPlan Plan() => _planner.Plan(_notification, PlanningSetup.Context);

    /// <summary>The body of a category: Withings' documented example for 1, a body with a calendar date for 16, the captured body for 44.</summary>
    /// <param name="appli">The category.</param>
    /// <returns>The form body.</returns>
    public static string Body(int appli) => appli switch
    {
        1 => "foo=bar&userid=12345&appli=1&startdate=1530576000&enddate=1530698753",
        16 => "userid=12345&appli=16&date=2018-07-03",
        44 => "userid=13371337&startdate=1709336580&enddate=1709368500&appli=44",
        _ => throw new ArgumentOutOfRangeException(nameof(appli), appli, "No sample body for this category."),
    };
}
