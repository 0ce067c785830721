namespace Withings.Sdk;

/// <summary>What the planner needs to know about one user: their time zone and their sync cursor.</summary>
public sealed record PlanningContext
{
    private readonly TimeZoneInfo _timeZone = TimeZoneInfo.Utc;

    /// <summary>The default context: UTC, no cursor.</summary>
    public static PlanningContext Default { get; } = new();

    /// <summary>
    /// The user's time zone, which turns instants into calendar days (<c>startdateymd</c>, an epoch <c>date</c>)
    /// and days into instants (the intraday windows of a day). Default UTC.
    /// </summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public TimeZoneInfo TimeZone
    {
        get => _timeZone;
        init => _timeZone = value ?? throw new ArgumentNullException(nameof(value), "TimeZone: use TimeZoneInfo.Utc rather than null.");
    }

    /// <summary>
    /// The user's sync cursor: the <c>lastupdate</c> sent when a notification carries no window. When absent, now
    /// minus <see cref="WithingsPlanningOptions.Lookback"/>.
    /// </summary>
    public DateTimeOffset? Since { get; init; }
}
