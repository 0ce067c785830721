using System.Globalization;

namespace Withings.Sdk.Benchmarks.Day;

/// <summary>One notification of the simulated day: when Withings posts it, for which user, and its form body.</summary>
/// <param name="At">When it arrives.</param>
/// <param name="User">The user's index (Withings id <see cref="DayGenerator.FirstUserId"/> + index).</param>
/// <param name="Body">The form body, as Withings posts it.</param>
public sealed record DayNotification(DateTimeOffset At, int User, string Body);

/// <summary>
/// A seeded, reproducible day of notifications for many users, as their devices send them: the steady state of an
/// application whose users live in zones around the world, seen over the 24 hours of one UTC day, each user's share
/// drawn from their own local days.
/// </summary>
/// <remarks>
/// <para>
/// Per user (the mix is ours; Withings publishes no traffic statistics): an activity tracker (80 %) syncs in the
/// background from waking to bedtime, every 40 minutes on average, and each sync notifies
/// <c>appli=16&amp;date=D</c> for the same local day again (its first sync of the morning names the day before too, half
/// the time): the same body many times a day, each of which has new data and must be fetched again. A watch that
/// tracks sleep (60 % of trackers) sends the night's <c>appli=44</c> window at the morning's first sync; a sleep mat
/// (20 %) sends bed in and bed out (50, 51, with the epoch <c>date</c> and <c>deviceid</c>; sometimes a night-time
/// out and back in) and the night's 44 after getting up. A scale (55 %) sends <c>appli=1</c> per weigh-in (morning, and
/// some evenings); a blood-pressure cuff (20 %) <c>appli=4</c> per reading, morning and evening; an ECG watch (a third
/// of trackers) records an ECG (<c>appli=54</c>) on some days. A reading's window starts at the measurement and ends
/// when the device uploaded it, a few seconds later; the notification follows within half a minute.
/// </para>
/// <para>
/// Bodies have the shapes Withings documents (docs/withings-api.md §1): windows as Unix seconds, <c>date</c> as
/// <c>YYYY-MM-DD</c> for activity and as Unix seconds with a <c>deviceid</c> for bed events. Withings' own retries do not
/// occur: the receiver answers at once.
/// </para>
/// </remarks>
public sealed class DayGenerator
{
    /// <summary>The seed the simulator uses unless told otherwise.</summary>
    public const int DefaultSeed = 25;

    /// <summary>The first user's Withings id; user <c>i</c> has <c>FirstUserId + i</c>.</summary>
    public const long FirstUserId = 24_000_000;

    /// <summary>The simulated UTC day: 2024-03-02.</summary>
    public static readonly DateTimeOffset DefaultDay = new(2024, 3, 2, 0, 0, 0, TimeSpan.Zero);

    // Users' zones, spread around the world so that the load is that of a day that repeats, not one region's peak.
    private static readonly string[] ZoneIds =
    [
        "America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York", "America/Sao_Paulo",
        "Europe/London", "Europe/Paris", "Europe/Helsinki", "Asia/Dubai", "Asia/Kolkata", "Asia/Shanghai",
        "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland",
    ];

    private readonly int _seed;
    private readonly DateTimeOffset _start;
    private readonly TimeSpan _length;

    /// <summary>Creates a generator of the notifications that arrive in [<paramref name="start"/>, start + <paramref name="length"/>).</summary>
    /// <param name="seed">The seed: the same seed gives the same day.</param>
    /// <param name="start">The first instant; <see cref="DefaultDay"/> when null.</param>
    /// <param name="length">How long; a day when null.</param>
    public DayGenerator(int seed = DefaultSeed, DateTimeOffset? start = null, TimeSpan? length = null)
    {
        _seed = seed;
        _start = start ?? DefaultDay;
        _length = length ?? TimeSpan.FromDays(1);
    }

    /// <summary>The first instant simulated.</summary>
    public DateTimeOffset Start => _start;

    /// <summary>The instant after the last one simulated.</summary>
    public DateTimeOffset End => _start + _length;

    /// <summary>The Withings user id of user <paramref name="user"/>.</summary>
    /// <param name="user">The index.</param>
    /// <returns>The id.</returns>
    public static long UserId(int user) => FirstUserId + user;

    /// <summary>The index of the user with Withings id <paramref name="userId"/>.</summary>
    /// <param name="userId">The id.</param>
    /// <returns>The index.</returns>
    public static int UserIndex(long userId) => checked((int)(userId - FirstUserId));

    /// <summary>The time zone user <paramref name="user"/> lives in.</summary>
    /// <param name="user">The index.</param>
    /// <returns>The zone.</returns>
    public TimeZoneInfo ZoneOf(int user) =>
        TimeZoneInfo.FindSystemTimeZoneById(ZoneIds[new Random(Mix(_seed, user, 0, 1)).Next(ZoneIds.Length)]);

    /// <summary>Every notification of <paramref name="users"/> users in the simulated span, in arrival order.</summary>
    /// <param name="users">How many users.</param>
    /// <returns>The notifications, sorted by arrival (ties by user, then as generated).</returns>
    public IReadOnlyList<DayNotification> Generate(int users)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(users);
        var all = new List<(DayNotification Notification, int Order)>();
        for (var user = 0; user < users; user++)
        {
            foreach (var notification in GenerateUser(user))
            {
                all.Add((notification, all.Count));
            }
        }

        all.Sort((a, b) => a.Notification.At != b.Notification.At ? a.Notification.At.CompareTo(b.Notification.At) : a.Order.CompareTo(b.Order));
        return [.. all.Select(n => n.Notification)];
    }

    private IEnumerable<DayNotification> GenerateUser(int user)
    {
        var zone = ZoneOf(user);
        var devices = new Random(Mix(_seed, user, 0, 2));
        var tracker = devices.NextDouble() < 0.80;
        var watchSleep = tracker && devices.NextDouble() < 0.60;
        var mat = !watchSleep && devices.NextDouble() < 0.25;
        var scale = devices.NextDouble() < 0.55;
        var cuff = devices.NextDouble() < 0.20;
        var ecg = tracker && devices.NextDouble() < 0.33;
        if (!tracker && !mat && !scale && !cuff)
        {
            scale = true;
        }

        var userId = UserId(user);
        var deviceId = Convert.ToHexString(BitConverter.GetBytes(userId * 2_654_435_761L)).ToLowerInvariant();
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_start, zone).Date).AddDays(-1);
        var last = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(End, zone).Date);
        var found = new List<DayNotification>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var random = new Random(Mix(_seed, user, day.DayNumber, 3));
            var wake = Local(zone, day, TimeSpan.FromMinutes(330 + random.Next(240)));
            var sleptAt = BedTime(user, zone, day.AddDays(-1));
            var bedTonight = BedTime(user, zone, day);
            var add = (DateTimeOffset at, string body) => found.Add(new DayNotification(at, user, body));

            if (tracker)
            {
                var sync = wake + TimeSpan.FromMinutes(2 + random.Next(20));
                var firstSync = true;
                while (sync < bedTonight)
                {
                    if (firstSync && random.Next(2) == 0)
                    {
                        add(sync, $"userid={userId}&date={day.AddDays(-1):yyyy-MM-dd}&appli=16");
                    }

                    add(sync, $"userid={userId}&date={LocalDay(zone, sync):yyyy-MM-dd}&appli=16");
                    if (firstSync && watchSleep)
                    {
                        var start = sleptAt - TimeSpan.FromMinutes(random.Next(20));
                        add(sync + TimeSpan.FromSeconds(random.Next(1, 20)), Window(userId, 44, start, wake + TimeSpan.FromMinutes(random.Next(10))));
                    }

                    firstSync = false;
                    sync += TimeSpan.FromMinutes(Math.Clamp(-40 * Math.Log(1 - random.NextDouble()), 5, 180));
                }
            }

            if (mat)
            {
                add(bedTonight, BedEvent(userId, 50, bedTonight, deviceId));
                if (random.Next(10) < 3)
                {
                    var up = sleptAt + TimeSpan.FromMinutes(90 + random.Next(240));
                    add(up, BedEvent(userId, 51, up, deviceId));
                    var back = up + TimeSpan.FromMinutes(3 + random.Next(15));
                    add(back, BedEvent(userId, 50, back, deviceId));
                }

                add(wake, BedEvent(userId, 51, wake, deviceId));
                add(wake + TimeSpan.FromMinutes(10 + random.Next(20)), Window(userId, 44, sleptAt, wake));
            }

            if (scale)
            {
                Reading(add, random, userId, 1, wake + TimeSpan.FromMinutes(10 + random.Next(30)));
                if (random.Next(4) == 0)
                {
                    Reading(add, random, userId, 1, Local(zone, day, TimeSpan.FromMinutes(1080 + random.Next(240))));
                }
            }

            if (cuff)
            {
                Reading(add, random, userId, 4, wake + TimeSpan.FromMinutes(20 + random.Next(40)));
                Reading(add, random, userId, 4, Local(zone, day, TimeSpan.FromMinutes(1200 + random.Next(150))));
            }

            if (ecg && random.Next(10) < 3)
            {
                var recorded = wake + TimeSpan.FromMinutes(random.Next(600));
                add(recorded + TimeSpan.FromSeconds(30 + random.Next(60)), Window(userId, 54, recorded, recorded + TimeSpan.FromSeconds(30)));
            }
        }

        return found.Where(n => n.At >= _start && n.At < End);
    }

    private static void Reading(Action<DateTimeOffset, string> add, Random random, long userId, int appli, DateTimeOffset measured)
    {
        var uploaded = measured + TimeSpan.FromSeconds(random.Next(2, 60));
        add(uploaded + TimeSpan.FromSeconds(random.Next(1, 30)), Window(userId, appli, measured, uploaded));
    }

    private DateTimeOffset BedTime(int user, TimeZoneInfo zone, DateOnly day) =>
        Local(zone, day, TimeSpan.FromMinutes(1290 + new Random(Mix(_seed, user, day.DayNumber, 4)).Next(180)));

    private static string Window(long userId, int appli, DateTimeOffset start, DateTimeOffset end) =>
        string.Create(CultureInfo.InvariantCulture, $"userid={userId}&startdate={start.ToUnixTimeSeconds()}&enddate={end.ToUnixTimeSeconds()}&appli={appli}");

    private static string BedEvent(long userId, int appli, DateTimeOffset at, string deviceId) =>
        string.Create(CultureInfo.InvariantCulture, $"userid={userId}&appli={appli}&date={at.ToUnixTimeSeconds()}&deviceid={deviceId}");

    private static DateTimeOffset Local(TimeZoneInfo zone, DateOnly day, TimeSpan timeOfDay)
    {
        var local = day.ToDateTime(TimeOnly.MinValue).Add(timeOfDay);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static DateOnly LocalDay(TimeZoneInfo zone, DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    // Not HashCode.Combine: it is randomised per process, and the day must not be.
    private static int Mix(int seed, int user, int day, int purpose)
    {
        unchecked
        {
            var h = (uint)seed * 0x9E3779B1u;
            h = (h ^ (uint)user) * 0x85EBCA77u;
            h = (h ^ (uint)day) * 0xC2B2AE3Du;
            h = (h ^ (uint)purpose) * 0x27D4EB2Fu;
            return (int)(h ^ (h >> 15));
        }
    }
}
