using System.Globalization;

namespace Withings.Sdk.Benchmarks.Day;

/// <summary>
/// A burst of notifications: users whose phones all sync within 10 seconds, each sending its tracker's day three times
/// (<c>appli=16&amp;date=D</c>, seconds apart: each must be fetched again unless it still waits with the previous
/// one), the night's sleep window (44) and a weigh-in (1). Users are added until fetching each notification alone
/// needs a given number of requests.
/// </summary>
/// <param name="Day">The span (an hour from 08:00 UTC), for the users' zones.</param>
/// <param name="Notifications">The notifications, in arrival order.</param>
/// <param name="Users">How many users.</param>
public sealed record BurstSchedule(DayGenerator Day, IReadOnlyList<DayNotification> Notifications, int Users)
{
    /// <summary>Builds the burst.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="requestsOneByOne">The requests one-by-one fetching should need, at least.</param>
    /// <returns>The burst.</returns>
    public static BurstSchedule Create(int seed, int requestsOneByOne)
    {
        var day = new DayGenerator(seed, DayGenerator.DefaultDay.AddHours(8), TimeSpan.FromHours(1));
        var random = new Random(seed);
        var notifications = new List<DayNotification>();
        var users = 0;
        while (DayPlans.OneByOnePlanned(day, notifications) < requestsOneByOne)
        {
            var user = users++;
            var id = DayGenerator.UserId(user);
            var zone = day.ZoneOf(user);
            var at = day.Start + TimeSpan.FromMilliseconds(random.Next(7_000));
            var local = TimeZoneInfo.ConvertTime(at, zone);
            var activity = string.Create(CultureInfo.InvariantCulture, $"userid={id}&date={local:yyyy-MM-dd}&appli=16");
            var woke = at - TimeSpan.FromMinutes(20 + random.Next(60));
            var slept = woke - TimeSpan.FromMinutes(360 + random.Next(180));
            var weighed = at - TimeSpan.FromSeconds(30 + random.Next(120));
            notifications.Add(new DayNotification(Whole(at), user, activity));
            notifications.Add(new DayNotification(Whole(at), user, Window(id, 44, slept, woke)));
            notifications.Add(new DayNotification(Whole(at + TimeSpan.FromSeconds(1)), user, Window(id, 1, weighed, weighed + TimeSpan.FromSeconds(20))));
            notifications.Add(new DayNotification(Whole(at + TimeSpan.FromSeconds(1 + random.Next(2))), user, activity));
            notifications.Add(new DayNotification(Whole(at + TimeSpan.FromSeconds(2 + random.Next(2))), user, activity));
        }

        return new BurstSchedule(day, [.. notifications.OrderBy(n => n.At)], users);
    }

    // Withings' notifications carry whole seconds; arrivals keep them too, so that ties post together.
    private static DateTimeOffset Whole(DateTimeOffset instant) => DateTimeOffset.FromUnixTimeSeconds(instant.ToUnixTimeSeconds());

    private static string Window(long userId, int appli, DateTimeOffset start, DateTimeOffset end) =>
        string.Create(CultureInfo.InvariantCulture, $"userid={userId}&startdate={start.ToUnixTimeSeconds()}&enddate={end.ToUnixTimeSeconds()}&appli={appli}");
}
