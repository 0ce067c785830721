namespace Withings.Sdk.Benchmarks.Planning;

/// <summary>The planner, clock and per-user contexts every planning benchmark shares.</summary>
public static class PlanningSetup
{
    /// <summary>"Now" for every plan: the morning after the generated day.</summary>
    public static readonly DateTimeOffset Now = NotificationStreamGenerator.DefaultDay.AddHours(26);

    /// <summary>
    /// Each user's context: the zone known to be UTC (the generated day is a UTC day, and the tables were measured
    /// so before the zone could be unknown) and the sync cursor at the start of the generated day.
    /// </summary>
    public static readonly PlanningContext Context = new() { TimeZone = TimeZoneInfo.Utc, Since = NotificationStreamGenerator.DefaultDay };

    /// <summary>The per-user context lookup handed to the batch overload.</summary>
    public static readonly Func<long?, PlanningContext?> ContextForUser = _ => Context;

    /// <summary>A planner with the default options and the stopped clock.</summary>
    /// <returns>The planner.</returns>
    public static FetchPlanner CreatePlanner() => new(null, new FixedTimeProvider(Now));
}
