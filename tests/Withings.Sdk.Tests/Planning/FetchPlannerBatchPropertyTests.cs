using System.Globalization;
using FsCheck;
using FsCheck.Fluent;

namespace Withings.Sdk.Tests.Planning;

/// <summary>
/// Batch planning: on random streams of notifications, the batch plan covers every request of the one-by-one plans,
/// holds no duplicate, and has exactly one getmeas per merged window; with hostile windows mixed in (1970 to 9999,
/// after now, reversed), what the batch plans or omits covers what the one-by-one plans plan or omit, under the same
/// Planning:MaxSplitWindow. The expected coverage and merged windows are computed here, independently of the planner.
/// </summary>
public sealed class FetchPlannerBatchPropertyTests
{
    private const long Base = 1709000000;

    private static readonly string[] WindowFields = ["startdate", "enddate", "startdateymd", "enddateymd", "lastupdate"];

    private static readonly int[] Applis = [1, 1, 2, 4, 16, 16, 44, 44, 46, 50, 53, 54, 58, 60, 61, 62, 63, 99];

    private static readonly string[] TimeZones = ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", FetchPlannerTests.Unknown];

    // Instants a forged or odd window may start or end at: the ends of the calendar and of 32-bit time, the bound, now.
    private static readonly long[] Anchors = [-62135596800, 0, Base - (40 * 86400L), Base, FetchPlannerTests.Now - (31 * 86400L), FetchPlannerTests.Now, 2147483647, 253402300799];

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

    private static Gen<long> Instant =>
        from anchor in Gen.Elements(Anchors)
        from offset in Gen.Choose(-3 * 86400, 3 * 86400)
        select Math.Clamp(anchor + offset, -62135596800L, 253402300799L);

    private static Gen<string> HostileBody =>
        from user in Gen.Choose(1, 3)
        from appli in Gen.Elements(16, 44, 44, 1, 54)
        from start in Instant
        from end in Instant
        select $"userid={user}&appli={appli}&startdate={Math.Max(0, Math.Min(start, end))}&enddate={Math.Max(0, Math.Max(start, end))}";

    private static Gen<(string[] Bodies, Dictionary<long, (string Zone, long? Since)> Users)> Batch => BatchOf(Body);

    private static Gen<(string[] Bodies, Dictionary<long, (string Zone, long? Since)> Users)> HostileBatch =>
        BatchOf(Gen.Frequency((3, Body), (1, HostileBody)));

    private static Gen<(string[] Bodies, Dictionary<long, (string Zone, long? Since)> Users)> BatchOf(Gen<string> body) =>
        from bodies in Gen.ArrayOf(body)
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
    public void Plan_RandomBatchWithHostileWindows_PlansOrOmitsEverythingTheOneByOnePlansPlanOrOmit()
    {
        Prop.ForAll(HostileBatch.ToArbitrary(), batch =>
        {
            var (notifications, context, oneByOne, plan) = PlanBoth(batch);
            foreach (var request in oneByOne.Where(r => !IsSplit(r)))
            {
                if (!IsCovered(request, plan.Requests))
                {
                    throw new AssertionException($"not covered: {request}\nbatch:\n{plan}");
                }
            }

            // A split window planned or omitted one by one is planned or omitted by the batch.
            var planner = FetchPlannerTests.Planner();
            var wanted = notifications.SelectMany(n => SplitPieces(planner.Plan(n, context(n.UserId))));
            var held = SplitPieces(plan).GroupBy(p => p.Service).ToDictionary(g => g.Key, g => g.Select(p => (p.Start, p.End)).ToList());
            foreach (var piece in wanted)
            {
                if (!held.TryGetValue(piece.Service, out var windows) || !Covers(windows, piece.Start, piece.End))
                {
                    throw new AssertionException($"neither planned nor omitted by the batch: {piece}\nbatch:\n{plan}");
                }
            }

            plan.Requests.Count(IsSplit).Should().BeLessThanOrEqualTo(oneByOne.Count(IsSplit));
            return true;
        }).Check(Config);
    }

    [Test]
    public void Plan_AnyWindow_SplitsAtMost31DaysEndingByNowAndOmitsExactlyTheRest()
    {
        var windows = from a in Instant from b in Instant from appli in Gen.Elements(16, 44) select (a, b, appli);
        Prop.ForAll(windows.ToArbitrary(), w =>
        {
            var start = DateTimeOffset.FromUnixTimeSeconds(w.a);
            var end = DateTimeOffset.FromUnixTimeSeconds(w.b);
            WithingsNotification notification = w.appli == 16
                ? new ActivityNotification { UserId = 1, StartDate = start, EndDate = end }
                : new SleepNotification { UserId = 1, StartDate = start, EndDate = end };

            var plan = FetchPlannerTests.Planner().Plan(notification);

            var split = plan.Requests.Where(IsSplit).Select(r => (Start: Field(r, "startdate"), End: Field(r, "enddate"))).ToList();
            split.Count.Should().BeLessThanOrEqualTo(31);
            split.Where(s => s.End - s.Start > 86400 || s.End > FetchPlannerTests.Now).Should().BeEmpty();
            plan.Requests.Count.Should().Be(split.Count + (w.appli == 16 ? 2 : 1), "every other request keeps the window as sent");

            // The planned and omitted windows, in time order, tile [min, max]: each starts where the previous ended.
            var pieces = split.Concat(plan.Omitted.Select(o => (Start: o.Start.ToUnixTimeSeconds(), End: o.End.ToUnixTimeSeconds()))).OrderBy(p => p.Start).ToList();
            pieces[0].Start.Should().Be(Math.Min(w.a, w.b));
            pieces[^1].End.Should().Be(Math.Max(w.a, w.b));
            pieces.Zip(pieces.Skip(1)).Where(p => p.First.End != p.Second.Start).Should().BeEmpty();
            plan.Omitted.Where(o => o.Kind == OmittedWindowKind.AfterNow
                ? o.Start.ToUnixTimeSeconds() < FetchPlannerTests.Now
                : o.End.ToUnixTimeSeconds() > FetchPlannerTests.Now - (31 * 86400L)).Should().BeEmpty();
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

    private static bool IsSplit(FetchRequest request) =>
        request.Action is "getintradayactivity" || (request.Path == "/v2/sleep" && request.Action == "get");

    /// <summary>The split windows of a plan, planned or omitted, keyed by user, service and data_fields.</summary>
    private static IEnumerable<(string Service, long Start, long End)> SplitPieces(FetchPlan plan) =>
        plan.Requests.Where(IsSplit).Select(r => (Service(r), Field(r, "startdate"), Field(r, "enddate")))
            .Concat(plan.Omitted.SelectMany(o => o.EnumerateRequests().Take(1)
                .Select(r => (Service(r), o.Start.ToUnixTimeSeconds(), o.End.ToUnixTimeSeconds()))));

    private static bool Covers(List<(long Start, long End)> windows, long start, long end)
    {
        var covered = start;
        var any = false;
        foreach (var (from, to) in windows.OrderBy(w => w.Start))
        {
            if (from <= covered && to >= covered)
            {
                covered = Math.Max(covered, to);
                any = true;
            }
        }

        return any && covered >= end;
    }

    // User, path, signing and every field but the window: what must match for one request to stand for another.
    private static string Service(FetchRequest request) =>
        $"{request.UserId}|{request.Path}|{request.RequiresSignature}|" + string.Join("&", request.Form.Where(p => !WindowFields.Contains(p.Key)).Select(p => p.Key + "=" + p.Value));

    private static string Shape(FetchRequest request) =>
        request.GetField("lastupdate") is not null ? "lastupdate" : request.GetField("startdateymd") is not null ? "days" : request.GetField("startdate") is not null ? "instants" : "none";

    private static long Field(FetchRequest request, string name) => long.Parse(request.GetField(name)!, CultureInfo.InvariantCulture);

    // docs/planning.md: windows that overlap or touch (here: start at most one second after the previous end) merge.
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
