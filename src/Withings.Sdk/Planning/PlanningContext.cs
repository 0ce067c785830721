namespace Withings.Sdk;

/// <summary>What the planner needs to know about one user: their time zone and their sync cursor.</summary>
public sealed record PlanningContext
{
    /// <summary>The default context: time zone unknown, no cursor.</summary>
    public static PlanningContext Default { get; } = new();

    /// <summary>
    /// The user's time zone, which turns instants into calendar days (<c>startdateymd</c>, an epoch <c>date</c>)
    /// and days into instants (the intraday windows of a day); any zone, UTC included, is used as is.
    /// <see langword="null"/> (the default) means unknown: days are then computed in UTC, and every range of days
    /// derived from instants is widened to hold each instant's calendar day in every zone (from UTC−12 to UTC+14),
    /// so that no day a Withings service files the data under is missed. Widening never adds a request.
    /// </summary>
    public TimeZoneInfo? TimeZone { get; init; }

    /// <summary>
    /// The user's sync cursor: the <c>lastupdate</c> sent when a notification carries no window. When absent, now
    /// minus <see cref="WithingsPlanningOptions.Lookback"/>.
    /// </summary>
    public DateTimeOffset? Since { get; init; }
}
