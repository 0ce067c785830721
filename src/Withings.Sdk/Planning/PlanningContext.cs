namespace Withings.Sdk;

/// <summary>What the planner needs to know about one user: their time zone and their sync cursor.</summary>
public sealed record PlanningContext
{
    /// <summary>The default context: UTC, no cursor.</summary>
    public static PlanningContext Default { get; } = new();

    /// <summary>The user's time zone, used to turn instants into calendar days. Default UTC.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>The user's sync cursor (the <c>lastupdate</c> to use); when absent, now minus the lookback.</summary>
    public DateTimeOffset? Since { get; init; }
}
