using System.Globalization;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Plans a backfill with the core planner's rules: each category is planned as a notification of the whole window
/// (<c>startdate=since&amp;enddate=until</c>) would be, the categories together as one batch (so the measure categories
/// share one <c>getmeas</c>), and the 24-hour windows the planner leaves out past <c>Planning:MaxSplitWindow</c> are
/// added back from <see cref="OmittedWindow.EnumerateRequests"/>: a backfill is the deliberate fetch they are listed for.
/// </summary>
/// <remarks>
/// Order: the requests that cover the whole window in one (<c>getmeas</c>, daily activity, workouts, sleep summaries,
/// lists: paged by Withings' <c>offset</c>) first, then the 24-hour windows from the newest to the oldest, so that the
/// recent days, which matter most to a user who just linked, come first.
/// </remarks>
internal sealed class BackfillPlanner(NotificationParser parser, FetchPlanner planner)
{
    private static readonly HashSet<NotificationCategory> Supported =
    [
        NotificationCategory.Weight,
        NotificationCategory.Temperature,
        NotificationCategory.BloodPressure,
        NotificationCategory.Activity,
        NotificationCategory.Sleep,
        NotificationCategory.Ecg,
        NotificationCategory.Glucose,
        NotificationCategory.Survey,
        NotificationCategory.Stethoscope,
        NotificationCategory.Hrv,
        NotificationCategory.Urine,
    ];

    /// <summary>Whether a category has data a backfill can fetch.</summary>
    public static bool Supports(NotificationCategory category) => Supported.Contains(category);

    public IReadOnlyList<FetchRequest> Plan(long userId, DateTimeOffset since, DateTimeOffset until, TimeZoneInfo? zone, IEnumerable<NotificationCategory> categories, bool intraday)
    {
        var start = since.ToUnixTimeSeconds();
        var end = until.ToUnixTimeSeconds();
        var notifications = categories.Distinct().Order().Select(c => parser.Parse(string.Create(
            CultureInfo.InvariantCulture, $"userid={userId}&appli={(int)c}&startdate={start}&enddate={end}"))).ToList();
        var plan = planner.Plan(notifications, _ => new PlanningContext { TimeZone = zone });
        var older = plan.Omitted.Where(o => o.Kind == OmittedWindowKind.OlderThanMaxSplitWindow).SelectMany(o => o.EnumerateRequests());
        var all = plan.Requests.Concat(older).Where(r => intraday || r.Action != "getintradayactivity").Distinct().ToList();
        var whole = all.Where(r => !IsDailyWindow(r));
        var windows = all.Where(IsDailyWindow)
            .OrderByDescending(r => long.Parse(r.GetField("startdate") ?? "0", CultureInfo.InvariantCulture))
            .ThenBy(r => r.Path, StringComparer.Ordinal);
        return [.. whole, .. windows];
    }

    // The two services Withings answers only the first 24 hours of: one request per day of the window.
    private static bool IsDailyWindow(FetchRequest request) =>
        (request.Path, request.Action) is ("/v2/measure", "getintradayactivity") or ("/v2/sleep", "get");
}
