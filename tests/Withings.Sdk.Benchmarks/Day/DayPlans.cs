using Withings.Sdk.Benchmarks.Planning;

namespace Withings.Sdk.Benchmarks.Day;

/// <summary>What a schedule costs when planned, without sending anything.</summary>
public static class DayPlans
{
    /// <summary>The whole-day floor: each user's notifications planned as one batch, the zone known.</summary>
    /// <param name="day">The day.</param>
    /// <param name="schedule">The notifications.</param>
    /// <returns>The requests of every user's batch plan.</returns>
    public static int Floor(DayGenerator day, IReadOnlyList<DayNotification> schedule)
    {
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(schedule);
        var planner = PlannerAfter(day);
        var parser = new NotificationParser();
        return schedule.GroupBy(n => n.User)
            .Sum(user => planner.Plan(user.Select(n => parser.Parse(n.Body)), _ => new PlanningContext { TimeZone = day.ZoneOf(user.Key) }).Requests.Count);
    }

    /// <summary>The requests of every notification planned alone, the zone known.</summary>
    /// <param name="day">The day.</param>
    /// <param name="schedule">The notifications.</param>
    /// <returns>The sum.</returns>
    public static int OneByOnePlanned(DayGenerator day, IReadOnlyList<DayNotification> schedule)
    {
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(schedule);
        var planner = PlannerAfter(day);
        var parser = new NotificationParser();
        return schedule.Sum(n => planner.Plan(parser.Parse(n.Body), new PlanningContext { TimeZone = day.ZoneOf(n.User) }).Requests.Count);
    }

    // Planned once the span is over, so that no window is cut at "now".
    private static FetchPlanner PlannerAfter(DayGenerator day) => new(null, new FixedTimeProvider(day.End + TimeSpan.FromDays(1)));
}
