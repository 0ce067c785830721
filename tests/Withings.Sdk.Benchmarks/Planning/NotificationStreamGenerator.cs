using System.Globalization;
using System.Text;

namespace Withings.Sdk.Benchmarks.Planning;

/// <summary>
/// A seeded, reproducible day of Withings notifications for many users, in delivery order, shaped like the real
/// stream: devices sync many times a day, each sync notifies a window that overlaps or touches the previous one,
/// activity trackers repeat the same <c>date</c>, some categories need no fetch at all, and Withings redelivers a
/// body it thinks was not acknowledged (docs/withings-api.md §1: retries at +10 s, +1 min, +1 h), so duplicates occur.
/// </summary>
/// <remarks>The mix and rates are ours; Withings publishes no traffic statistics.</remarks>
public sealed class NotificationStreamGenerator
{
    /// <summary>The seed the benchmarks use.</summary>
    public const int DefaultSeed = 6;

    /// <summary>How many users the benchmarks spread the stream over.</summary>
    public const int DefaultUsers = 500;

    /// <summary>The day the benchmarks' streams cover: 2024-03-02 UTC, the day of the captured sleep body.</summary>
    public static readonly DateTimeOffset DefaultDay = new(2024, 3, 2, 0, 0, 0, TimeSpan.Zero);

    // Appli and weight (out of 100) of a sync event: trackers sync activity most often, scales and sleep mats daily.
    private static readonly (int Appli, int Weight)[] Mix =
    [
        (16, 40), (1, 15), (44, 15), (4, 8), (2, 3), (54, 3), (62, 3), (46, 3), (50, 5), (51, 5),
    ];

    private readonly int _seed;
    private readonly int _users;
    private readonly DateTimeOffset _day;

    /// <summary>Creates a generator.</summary>
    /// <param name="seed">The random seed: the same seed gives the same stream.</param>
    /// <param name="users">How many distinct users send notifications.</param>
    /// <param name="day">The UTC day the stream covers.</param>
    public NotificationStreamGenerator(int seed = DefaultSeed, int users = DefaultUsers, DateTimeOffset? day = null)
    {
        if (users <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(users), users, "At least one user is needed.");
        }

        _seed = seed;
        _users = users;
        _day = day ?? DefaultDay;
    }

    /// <summary>The first user id; user <c>i</c> has id <c>FirstUserId + i</c>.</summary>
    public static long FirstUserId => 13_371_337;

    /// <summary>Generates <paramref name="count"/> notification bodies in the order Withings delivers them.</summary>
    /// <param name="count">How many bodies, retries included.</param>
    /// <returns>The raw form bodies.</returns>
    public IReadOnlyList<string> GenerateBodies(int count)
    {
        var random = new Random(_seed);
        var syncs = new List<Sync>();
        var deliveries = 0;
        while (deliveries < count)
        {
            var copies = Math.Min(DeliveryCount(random), count - deliveries);
            syncs.Add(new Sync(random.Next(_users), PickAppli(random), random.Next(86_400), copies, random.Next(1 << 30)));
            deliveries += copies;
        }

        // Windows depend on the previous sync of the same user and category, so they are drawn in time order.
        syncs.Sort((a, b) => a.Second != b.Second ? a.Second.CompareTo(b.Second) : a.Noise.CompareTo(b.Noise));
        var previous = new Dictionary<(int User, int Appli), long>();
        var timeline = new List<(long At, int Order, string Body)>(count);
        var order = 0;
        foreach (var sync in syncs)
        {
            var at = _day.ToUnixTimeSeconds() + sync.Second;
            var body = Body(sync, at, previous, new Random(sync.Noise));
            var retry = new Random(sync.Noise ^ 0x5bd1e995);
            for (var copy = 0; copy < sync.Copies; copy++)
            {
                timeline.Add((at + RetryDelay(copy, retry), order++, body));
            }
        }

        timeline.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Order.CompareTo(b.Order));
        return timeline.Select(d => d.Body).ToList();
    }

    /// <summary>Generates <paramref name="count"/> notifications, parsed by the SDK, in delivery order.</summary>
    /// <param name="count">How many notifications, retries included.</param>
    /// <returns>The typed notifications.</returns>
    public IReadOnlyList<WithingsNotification> Generate(int count)
    {
        var parser = new NotificationParser();
        return GenerateBodies(count).Select(parser.Parse).ToList();
    }

    private static int DeliveryCount(Random random) => random.Next(100) switch
    {
        < 88 => 1,
        < 96 => 2,
        < 99 => 3,
        _ => 4,
    };

    // docs/withings-api.md §1: the second attempt of a cycle follows at once, then +10 s, +1 min + rand, +1 h + rand.
    private static long RetryDelay(int copy, Random random) => copy switch
    {
        0 => 0,
        1 => 10,
        2 => 60 + random.Next(60),
        _ => 3_600 + random.Next(600),
    };

    private static int PickAppli(Random random)
    {
        var roll = random.Next(100);
        foreach (var (appli, weight) in Mix)
        {
            if (roll < weight)
            {
                return appli;
            }

            roll -= weight;
        }

        return Mix[0].Appli;
    }

    private string Body(Sync sync, long at, Dictionary<(int User, int Appli), long> previous, Random random)
    {
        var userId = FirstUserId + sync.User;
        var body = new StringBuilder(96);
        body.Append(CultureInfo.InvariantCulture, $"userid={userId}");
        switch (sync.Appli)
        {
            case 16:
                // Trackers name the day; both wire forms occur (docs/withings-api.md §1).
                body.Append(random.Next(5) == 0
                    ? FormattableString.Invariant($"&date={at}")
                    : FormattableString.Invariant($"&date={_day:yyyy-MM-dd}"));
                break;
            case 46:
                body.Append("&action=update");
                break;
            case 50 or 51:
                body.Append(CultureInfo.InvariantCulture, $"&date={at}&deviceid={userId * 31:x12}");
                break;
            default:
                var key = (sync.User, sync.Appli);
                var start = previous.TryGetValue(key, out var last)
                    ? last - random.Next(900)
                    : at - FirstWindowSeconds(sync.Appli, random);
                previous[key] = at;
                body.Append(CultureInfo.InvariantCulture, $"&startdate={start}&enddate={at}");
                break;
        }

        body.Append(CultureInfo.InvariantCulture, $"&appli={sync.Appli}");
        return body.ToString();
    }

    // A user's first sync of the day reaches back over what the device stored: a night for sleep, hours otherwise.
    private static int FirstWindowSeconds(int appli, Random random) => appli == 44
        ? 6 * 3_600 + random.Next(3 * 3_600)
        : 3_600 + random.Next(11 * 3_600);

    private readonly record struct Sync(int User, int Appli, int Second, int Copies, int Noise);
}
