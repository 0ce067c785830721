using BenchmarkDotNet.Attributes;

namespace Withings.Sdk.Benchmarks.Planning;

/// <summary>
/// Planning a window of 1970 to 9999 (a forged notification) against planning the 31 days the bound keeps, in the
/// same run: Planning:MaxSplitWindow makes time and memory independent of the window's length.
/// </summary>
[MemoryDiagnoser]
public class PlanWindowLengthBenchmarks
{
    private readonly FetchPlanner _planner = PlanningSetup.CreatePlanner();
    private WithingsNotification _bounded = null!;
    private WithingsNotification _huge = null!;

    /// <summary>The category: activity (intraday activity is split) or sleep (Sleep v2 - Get is split).</summary>
    [Params(16, 44)]
    public int Appli { get; set; }

    /// <summary>Parses both notifications once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var parser = new NotificationParser();
        var now = PlanningSetup.Now.ToUnixTimeSeconds();
        _bounded = parser.Parse($"userid=1&appli={Appli}&startdate={now - (31 * 86400)}&enddate={now}");
        _huge = parser.Parse($"userid=1&appli={Appli}&startdate=0&enddate=253402300799");
    }

    /// <summary>The most recent 31 days, exactly what the bound keeps: 31 split requests and nothing omitted.</summary>
    /// <returns>The plan.</returns>
    [Benchmark(Baseline = true, Description = "31 days")]
    public FetchPlan ThirtyOneDays() => _planner.Plan(_bounded, PlanningSetup.Context);

    /// <summary>1970 to 9999: the same 31 split requests, and the rest listed as omitted.</summary>
    /// <returns>The plan.</returns>
    [Benchmark(Description = "1970 to 9999")]
    public FetchPlan WholeCalendar() => _planner.Plan(_huge, PlanningSetup.Context);
}
