using System.Globalization;
using FsCheck;
using FsCheck.Fluent;

namespace Withings.Sdk.Tests.Planning;

/// <summary>
/// PLANNING.md "Many notifications at once": on random streams of notifications, the batch plan covers every
/// request of the one-by-one plans, holds no duplicate, and has exactly one getmeas per merged window. The expected
/// coverage and merged windows are computed here, independently of the planner.
/// </summary>
public sealed class FetchPlannerBatchPropertyTests
{
    private const long Base = 1709000000;

    private static readonly string[] WindowFields = ["startdate", "enddate", "startdateymd", "enddateymd", "lastupdate"];

    private static readonly int[] Applis = [1, 1, 2, 4, 16, 16, 44, 44, 46, 50, 53, 54, 58, 60, 61, 62, 99];

    private static readonly string[] TimeZones = ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata"];

    private static readonly NotificationParser Parser = new();

    private static Config Config => Config.QuickThrowOnFailure.WithMaxTest(400);

    private static Gen<string> Body =>
        from user in Gen.Choose(1, 3)
        from appli in Gen.Elements(Applis)
        from shape in Gen.Choose(0, 4)
        from start in Gen.Choose(0, 5 * 48).Select(half => Base + (half * 1800L))
        from jitter in Gen.Choose(0, 2)
        from length in Gen.Choose(0, 40 * 2).Select(half => (half * 1800L) + jitter)
        select BodyFor(user, appli, shape, start, length);

    private static Gen<(string[] Bodies, Dictionary<long, (string Zone, long? Since)> Users)> Batch =>
        from bodies in Gen.ArrayOf(Body)
        from zones in Gen.ArrayOf(Gen.Elements(TimeZones), 3)
        from cursors in Gen.ArrayOf(Gen.Choose(-1, 10).Select(hours => hours < 0 ? (long?)null : Base + (hours * 3600L)), 3)
        select (bodies, new Dictionary<long, (string Zone, long? Since)>
        {
            [1] = (zones[0], cursors[0]),
            [2] = (zones[1], cursors[1]),
            [3] = (zones[2], cursors[2]),
        });

    [Test]
    public void Plan_RandomBatch_CoversEveryOneByOneRequest()
    {
        Prop.ForAll(Batch.ToArbitrary(), batch =>
        {
            var (notifications, context, oneByOne, plan) = PlanBoth(batch);
            foreach (var request in oneByOne)
            {
                if (!IsCovered(request, plan.Requests))
                {
                    throw new AssertionException($"not covered: {request}\nbatch:\n{plan}");
                }
            }

            return true;
        }).Check(Config);
    }

    [Test]
    public void Plan_RandomBatch_HasNoDuplicateAndNeverMoreRequestsThanOneByOne()
    {
        Prop.ForAll(Batch.ToArbitrary(), batch =>
        {
            var (_, _, oneByOne, plan) = PlanBoth(batch);
            plan.Requests.Should().OnlyHaveUniqueItems();
            plan.Requests.Count.Should().BeLessThanOrEqualTo(oneByOne.Count);
            plan.Requests.Where(r => r.Action is "getintradayactivity" || (r.Path == "/v2/sleep" && r.Action == "get"))
                .Where(r => Field(r, "enddate") - Field(r, "startdate") > 86400).Should().BeEmpty("Withings returns only 24 h of these services");
            return true;
        }).Check(Config);
    }

    [Test]
    public void Plan_RandomBatch_UsesExactlyOneGetmeasPerMergedWindow()
    {
        Prop.ForAll(Batch.ToArbitrary(), batch =>
        {
            var (_, _, oneByOne, plan) = PlanBoth(batch);
            var expected = oneByOne
                .Where(r => r.Action == "getmeas" && r.GetField("startdate") is not null)
                .GroupBy(Service)
                .SelectMany(g => Merge(g.Select(r => (Field(r, "startdate"), Field(r, "enddate")))).Select(w => $"{g.Key} {w.Start}-{w.End}"))
                .Order(StringComparer.Ordinal);
            var actual = plan.Requests
                .Where(r => r.Action == "getmeas" && r.GetField("startdate") is not null)
                .Select(r => $"{Service(r)} {Field(r, "startdate")}-{Field(r, "enddate")}")
                .Order(StringComparer.Ordinal);

            actual.Should().Equal(expected);
            return true;
        }).Check(Config);
    }

    private static (WithingsNotification[] Notifications, Func<long?, PlanningContext?> Context, List<FetchRequest> OneByOne, FetchPlan Plan) PlanBoth(
        (string[] Bodies, Dictionary<long, (string Zone, long? Since)> Users) batch)
    {
        var planner = FetchPlannerTests.Planner();
        var notifications = batch.Bodies.Select(Parser.Parse).ToArray();
        PlanningContext? Context(long? user) => user is { } id && batch.Users.TryGetValue(id, out var u)
            ? FetchPlannerTests.Context(u.Zone, u.Since)
            : null;
        var oneByOne = notifications.SelectMany(n => planner.Plan(n, Context(n.UserId)).Requests).ToList();
        return (notifications, Context, oneByOne, planner.Plan(notifications, Context));
    }

    private static string BodyFor(int user, int appli, int shape, long start, long length)
    {
        var body = appli == 53 ? $"appli=53&mac=00:24:e4:aa:bb:0{user}" : $"userid={user}&appli={appli}";
        var end = start + length;
        return shape switch
        {
            0 => body,
            1 or 2 => body + $"&startdate={start}&enddate={end}",
            3 => body + (appli == 16 ? $"&date={DateTimeOffset.FromUnixTimeSeconds(start):yyyy-MM-dd}" : $"&startdate={start}"),
            _ => body + (appli == 16 ? $"&date={start}" : $"&enddate={end}"),
        };
    }

    private static bool IsCovered(FetchRequest request, IReadOnlyList<FetchRequest> batch)
    {
        var candidates = batch.Where(b => Service(b) == Service(request) && Shape(b) == Shape(request)).ToList();
        if (request.GetField("lastupdate") is { } lastUpdate)
        {
            return candidates.Any(b => Field(b, "lastupdate") <= long.Parse(lastUpdate, CultureInfo.InvariantCulture));
        }

        if (request.GetField("startdateymd") is { } firstDay)
        {
            var lastDay = request.GetField("enddateymd")!;
            return candidates.Any(b => string.CompareOrdinal(b.GetField("startdateymd"), firstDay) <= 0 && string.CompareOrdinal(b.GetField("enddateymd"), lastDay) >= 0);
        }

        if (request.GetField("startdate") is not null)
        {
            // The union of the candidate windows must cover [start, end]; an absent enddate is an open end.
            var covered = Field(request, "startdate");
            var end = request.GetField("enddate") is null ? long.MaxValue : Field(request, "enddate");
            foreach (var (from, to) in candidates.Select(b => (Field(b, "startdate"), b.GetField("enddate") is null ? long.MaxValue : Field(b, "enddate"))).OrderBy(w => w.Item1))
            {
                if (from <= covered)
                {
                    covered = Math.Max(covered, to);
                }
            }

            return covered >= end;
        }

        return batch.Contains(request);
    }

    // User, path, signing and every field but the window: what must match for one request to stand for another.
    private static string Service(FetchRequest request) =>
        $"{request.UserId}|{request.Path}|{request.RequiresSignature}|" + string.Join("&", request.Form.Where(p => !WindowFields.Contains(p.Key)).Select(p => p.Key + "=" + p.Value));

    private static string Shape(FetchRequest request) =>
        request.GetField("lastupdate") is not null ? "lastupdate" : request.GetField("startdateymd") is not null ? "days" : request.GetField("startdate") is not null ? "instants" : "none";

    private static long Field(FetchRequest request, string name) => long.Parse(request.GetField(name)!, CultureInfo.InvariantCulture);

    // PLANNING.md: windows that overlap or touch (here: start at most one second after the previous end) merge.
    private static IEnumerable<(long Start, long End)> Merge(IEnumerable<(long Start, long End)> windows)
    {
        (long Start, long End)? current = null;
        foreach (var window in windows.OrderBy(w => w.Start))
        {
            if (current is { } c && window.Start <= c.End + 1)
            {
                current = (c.Start, Math.Max(c.End, window.End));
                continue;
            }

            if (current is { } done)
            {
                yield return done;
            }

            current = window;
        }

        if (current is { } last)
        {
            yield return last;
        }
    }
}
