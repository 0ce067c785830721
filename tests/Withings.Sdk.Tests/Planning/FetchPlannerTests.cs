using Microsoft.Extensions.Time.Testing;
using static Withings.Sdk.Tests.Planning.DataFields;

namespace Withings.Sdk.Tests.Planning;

/// <summary>
/// One case per row of docs/planning.md ("Per category" and "When the notification has no window"), with the expected
/// requests written out: path, exact form body, and "signed" for the signed services.
/// </summary>
public sealed class FetchPlannerTests
{
    // 2024-03-02T17:20:00Z; without a cursor, since = now - 24 h = 1709313600 (2024-03-01T17:20:00Z).
    internal const long Now = 1709400000;

    // 2025-01-01T00:00:00Z: a clock after every window below, for the cases that are about splitting, not about now.
    internal const long Later = 1735689600;

    // The time zone argument of a case that plans with the zone unknown (PlanningContext.TimeZone null).
    internal const string Unknown = "(unknown)";

    private static readonly NotificationParser Parser = new();

    private static IEnumerable<TestCaseData> PerCategory()
    {
        // docs/planning.md row "1 weight"; Withings' documented payload example. No meastypes: every type, so the
        // newer scales' types (visceral fat, segmental masses, ...) are fetched too.
        yield return Case("appli 1, the seed example",
            "foo=bar&userid=12345&appli=1&startdate=1530576000&enddate=1530698753", null, null,
            "/measure action=getmeas&category=1&startdate=1530576000&enddate=1530698753");

        // docs/planning.md Terms: `date` on any category but 16 does not change the plan.
        yield return Case("appli 1, a date is ignored",
            "userid=12345&appli=1&startdate=1530576000&enddate=1530698753&date=2018-07-01", null, null,
            "/measure action=getmeas&category=1&startdate=1530576000&enddate=1530698753");

        // docs/planning.md row "2 temperature".
        yield return Case("appli 2",
            "userid=12345&appli=2&startdate=1530576000&enddate=1530698753", null, null,
            "/measure action=getmeas&category=1&startdate=1530576000&enddate=1530698753");

        // docs/planning.md row "4 pressure".
        yield return Case("appli 4",
            "userid=12345&appli=4&startdate=1530576000&enddate=1530698753", null, null,
            "/measure action=getmeas&category=1&startdate=1530576000&enddate=1530698753");

        // docs/planning.md row "16 activity, with D": one intraday window for a 24 h day.
        yield return Case("appli 16, YYYY-MM-DD date in UTC",
            "userid=12345&appli=16&date=2018-07-03", null, null,
            $"/v2/measure action=getactivity&startdateymd=2018-07-03&enddateymd=2018-07-03&data_fields={Activity}",
            $"/v2/measure action=getintradayactivity&startdate=1530576000&enddate=1530662400&data_fields={Intraday}",
            $"/v2/measure action=getworkouts&startdateymd=2018-07-03&enddateymd=2018-07-03&data_fields={Workouts}");

        // Europe/Paris springs forward on 2024-03-31: a 23 h local day (82 800 s) is one window.
        yield return CaseAt(Later, "appli 16, 23-hour day in Europe/Paris",
            "userid=12345&appli=16&date=2024-03-31", "Europe/Paris", null,
            $"/v2/measure action=getactivity&startdateymd=2024-03-31&enddateymd=2024-03-31&data_fields={Activity}",
            $"/v2/measure action=getintradayactivity&startdate=1711839600&enddate=1711922400&data_fields={Intraday}",
            $"/v2/measure action=getworkouts&startdateymd=2024-03-31&enddateymd=2024-03-31&data_fields={Workouts}");

        // Europe/Paris falls back on 2024-10-27: a 25 h local day (90 000 s) is two windows.
        yield return CaseAt(Later, "appli 16, 25-hour day in Europe/Paris",
            "userid=12345&appli=16&date=2024-10-27", "Europe/Paris", null,
            $"/v2/measure action=getactivity&startdateymd=2024-10-27&enddateymd=2024-10-27&data_fields={Activity}",
            $"/v2/measure action=getintradayactivity&startdate=1729980000&enddate=1730066400&data_fields={Intraday}",
            $"/v2/measure action=getintradayactivity&startdate=1730066400&enddate=1730070000&data_fields={Intraday}",
            $"/v2/measure action=getworkouts&startdateymd=2024-10-27&enddateymd=2024-10-27&data_fields={Workouts}");

        // Havana skips midnight on 2024-03-10 (00:00 -> 01:00): the day starts when the gap ends.
        yield return CaseAt(Later, "appli 16, midnight skipped in America/Havana",
            "userid=12345&appli=16&date=2024-03-10", "America/Havana", null,
            $"/v2/measure action=getactivity&startdateymd=2024-03-10&enddateymd=2024-03-10&data_fields={Activity}",
            $"/v2/measure action=getintradayactivity&startdate=1710046800&enddate=1710129600&data_fields={Intraday}",
            $"/v2/measure action=getworkouts&startdateymd=2024-03-10&enddateymd=2024-03-10&data_fields={Workouts}");

        // Havana has midnight twice on 2024-11-03 (01:00 -> 00:00): the day starts at the first one.
        yield return CaseAt(Later, "appli 16, midnight twice in America/Havana",
            "userid=12345&appli=16&date=2024-11-03", "America/Havana", null,
            $"/v2/measure action=getactivity&startdateymd=2024-11-03&enddateymd=2024-11-03&data_fields={Activity}",
            $"/v2/measure action=getintradayactivity&startdate=1730606400&enddate=1730692800&data_fields={Intraday}",
            $"/v2/measure action=getintradayactivity&startdate=1730692800&enddate=1730696400&data_fields={Intraday}",
            $"/v2/measure action=getworkouts&startdateymd=2024-11-03&enddateymd=2024-11-03&data_fields={Workouts}");

        // docs/planning.md Terms: an epoch `date` is the calendar day in the user's time zone.
        // 1530576000 is 2018-07-03T00:00Z, still 2018-07-02 20:00 in New York.
        yield return Case("appli 16, epoch date in America/New_York",
            "userid=12345&appli=16&date=1530576000", "America/New_York", null,
            $"/v2/measure action=getactivity&startdateymd=2018-07-02&enddateymd=2018-07-02&data_fields={Activity}",
            $"/v2/measure action=getintradayactivity&startdate=1530504000&enddate=1530590400&data_fields={Intraday}",
            $"/v2/measure action=getworkouts&startdateymd=2018-07-02&enddateymd=2018-07-02&data_fields={Workouts}");

        yield return Case("appli 16, epoch date in UTC",
            "userid=12345&appli=16&date=1530576000", null, null,
            $"/v2/measure action=getactivity&startdateymd=2018-07-03&enddateymd=2018-07-03&data_fields={Activity}",
            $"/v2/measure action=getintradayactivity&startdate=1530576000&enddate=1530662400&data_fields={Intraday}",
            $"/v2/measure action=getworkouts&startdateymd=2018-07-03&enddateymd=2018-07-03&data_fields={Workouts}");

        // docs/planning.md row "16 activity, with S,E": the window wins over `date`; 34 h 05 min 53 s is two windows.
        yield return Case("appli 16, window wins over date",
            "userid=12345&appli=16&startdate=1530576000&enddate=1530698753&date=2018-06-01", null, null,
            $"/v2/measure action=getactivity&startdateymd=2018-07-03&enddateymd=2018-07-04&data_fields={Activity}",
            $"/v2/measure action=getintradayactivity&startdate=1530576000&enddate=1530662400&data_fields={Intraday}",
            $"/v2/measure action=getintradayactivity&startdate=1530662400&enddate=1530698753&data_fields={Intraday}",
            $"/v2/measure action=getworkouts&startdateymd=2018-07-03&enddateymd=2018-07-04&data_fields={Workouts}");

        // docs/planning.md row "44 sleep", on the real captured body of docs/withings-api.md §1.
        yield return Case("appli 44, captured body",
            "userid=13371337&startdate=1709336580&enddate=1709368500&appli=44", null, null,
            $"/v2/sleep action=get&startdate=1709336580&enddate=1709368500&data_fields={Sleep}",
            $"/v2/sleep action=getsummary&startdateymd=2024-03-01&enddateymd=2024-03-02&data_fields={Summary}");

        // A 30-hour sleep window: Sleep v2 - Get returns only the first 24 h, so two windows.
        yield return CaseAt(Later, "appli 44, 30-hour window in UTC",
            "userid=13371337&appli=44&startdate=1709336580&enddate=1709444580", null, null,
            $"/v2/sleep action=get&startdate=1709336580&enddate=1709422980&data_fields={Sleep}",
            $"/v2/sleep action=get&startdate=1709422980&enddate=1709444580&data_fields={Sleep}",
            $"/v2/sleep action=getsummary&startdateymd=2024-03-01&enddateymd=2024-03-03&data_fields={Summary}");

        // The same night for a user in Paris: it starts at 00:43 local on 2024-03-02.
        yield return CaseAt(Later, "appli 44, 30-hour window in Europe/Paris",
            "userid=13371337&appli=44&startdate=1709336580&enddate=1709444580", "Europe/Paris", null,
            $"/v2/sleep action=get&startdate=1709336580&enddate=1709422980&data_fields={Sleep}",
            $"/v2/sleep action=get&startdate=1709422980&enddate=1709444580&data_fields={Sleep}",
            $"/v2/sleep action=getsummary&startdateymd=2024-03-02&enddateymd=2024-03-03&data_fields={Summary}");

        // docs/planning.md row "53": the MAC exactly as received, in a JSON array.
        yield return Case("appli 53",
            "appli=53&mac=00:24:e4:aa:bb:cc", null, null,
            "/v2/user action=link&mac_addresses=%5B%2200:24:e4:aa:bb:cc%22%5D");

        // docs/planning.md row "54 ECG".
        yield return Case("appli 54",
            "userid=12345&appli=54&startdate=1530576000&enddate=1530698753", null, null,
            "/v2/heart action=list&startdate=1530576000&enddate=1530698753");

        // docs/planning.md row "58 glucose": no meastype filter; lastupdate, or the window when there is one.
        yield return Case("appli 58, cursor",
            "userid=12345&appli=58", null, 1709000000L,
            "/measure action=getmeas&category=1&lastupdate=1709000000");
        yield return Case("appli 58, window",
            "userid=12345&appli=58&startdate=1530576000&enddate=1530698753", null, null,
            "/measure action=getmeas&category=1&startdate=1530576000&enddate=1530698753");

        // docs/planning.md row "60 survey": signed; a lone startdate or enddate is used.
        yield return Case("appli 60, cursor",
            "userid=12345&appli=60", null, 1709000000L,
            "signed /v2/answers action=get&userid=12345&startdate=1709000000");
        yield return Case("appli 60, no cursor",
            "userid=12345&appli=60", null, null,
            "signed /v2/answers action=get&userid=12345&startdate=1709313600");
        yield return Case("appli 60, window",
            "userid=12345&appli=60&startdate=1530576000&enddate=1530698753", null, 1709000000L,
            "signed /v2/answers action=get&userid=12345&startdate=1530576000&enddate=1530698753");
        yield return Case("appli 60, lone startdate",
            "userid=12345&appli=60&startdate=1530576000", null, 1709000000L,
            "signed /v2/answers action=get&userid=12345&startdate=1530576000");
        yield return Case("appli 60, lone enddate",
            "userid=12345&appli=60&enddate=1709368500", null, 1709000000L,
            "signed /v2/answers action=get&userid=12345&startdate=1709000000&enddate=1709368500");

        // docs/planning.md row "61 stethoscope": getmeas, then Stetho v2 - List; window-less, the list reaches back
        // since - lateness (7 days: 1709313600 - 604800 = 1708708800) to now.
        yield return Case("appli 61, no cursor",
            "userid=12345&appli=61", null, null,
            "/measure action=getmeas&category=1&lastupdate=1709313600",
            "/v2/stetho action=list&startdate=1708708800&enddate=1709400000");
        yield return Case("appli 61, window",
            "userid=12345&appli=61&startdate=1530576000&enddate=1530698753", null, null,
            "/measure action=getmeas&category=1&startdate=1530576000&enddate=1530698753",
            "/v2/stetho action=list&startdate=1530576000&enddate=1530698753");

        // docs/planning.md row "62 HRV": getmeas only.
        yield return Case("appli 62, cursor",
            "userid=12345&appli=62", null, 1709000000L,
            "/measure action=getmeas&category=1&lastupdate=1709000000");
        yield return Case("appli 62, window",
            "userid=12345&appli=62&startdate=1530576000&enddate=1530698753", null, null,
            "/measure action=getmeas&category=1&startdate=1530576000&enddate=1530698753");

        // docs/planning.md row "63 urine (U-Scan)": like 58, no meastype filter.
        yield return Case("appli 63, cursor",
            "userid=12345&appli=63", null, 1709000000L,
            "/measure action=getmeas&category=1&lastupdate=1709000000");
        yield return Case("appli 63, no cursor",
            "userid=12345&appli=63", null, null,
            "/measure action=getmeas&category=1&lastupdate=1709313600");
        yield return Case("appli 63, window",
            "userid=12345&appli=63&startdate=1530576000&enddate=1530698753", null, null,
            "/measure action=getmeas&category=1&startdate=1530576000&enddate=1530698753");
    }

    private static IEnumerable<TestCaseData> NoWindow()
    {
        // docs/planning.md "When the notification has no window": getmeas uses lastupdate=since.
        yield return Case("appli 1, no window, no cursor",
            "userid=12345&appli=1", null, null,
            "/measure action=getmeas&category=1&lastupdate=1709313600");
        yield return Case("appli 1, lone startdate counts as no window",
            "userid=12345&appli=1&startdate=1530576000", null, 1709000000L,
            "/measure action=getmeas&category=1&lastupdate=1709000000");
        yield return Case("appli 2, no window, cursor",
            "userid=12345&appli=2", null, 1709000000L,
            "/measure action=getmeas&category=1&lastupdate=1709000000");
        yield return Case("appli 4, lone enddate counts as no window",
            "userid=12345&appli=4&enddate=1530698753", null, null,
            "/measure action=getmeas&category=1&lastupdate=1709313600");

        // getactivity and getworkouts use lastupdate; intraday uses split(max(since, now - lookback), now).
        yield return Case("appli 16, no date, recent cursor",
            "userid=12345&appli=16", null, 1709396400L,
            $"/v2/measure action=getactivity&lastupdate=1709396400&data_fields={Activity}",
            $"/v2/measure action=getintradayactivity&startdate=1709396400&enddate=1709400000&data_fields={Intraday}",
            $"/v2/measure action=getworkouts&lastupdate=1709396400&data_fields={Workouts}");

        yield return Case("appli 44, no window, no cursor",
            "userid=12345&appli=44", null, null,
            $"/v2/sleep action=get&startdate=1709313600&enddate=1709400000&data_fields={Sleep}",
            $"/v2/sleep action=getsummary&lastupdate=1709313600&data_fields={Summary}");
        // Heart list: startdate=since - lateness (7 days, 604 800 s)&enddate=now, for an ECG uploaded late.
        yield return Case("appli 54, no window, cursor",
            "userid=12345&appli=54", null, 1709000000L,
            "/v2/heart action=list&startdate=1708395200&enddate=1709400000");
        yield return Case("appli 54, no window, no cursor",
            "userid=12345&appli=54", null, null,
            "/v2/heart action=list&startdate=1708708800&enddate=1709400000");
    }

    [TestCaseSource(nameof(PerCategory))]
    [TestCaseSource(nameof(NoWindow))]
    public void Plan_PlanningRow_GivesExactlyTheDocumentedRequests(string body, string? timeZone, long? since, long now, string[] expected)
    {
        var notification = Parser.Parse(body);

        var plan = Planner(now: now).Plan(notification, Context(timeZone, since));

        plan.Requests.Select(Describe).Should().Equal(expected);
        plan.Reason.Should().BeNull();
        plan.Omitted.Should().BeEmpty();
        plan.Requests.Should().OnlyContain(r => r.UserId == notification.UserId && r.Action == r.Form[0].Value && r.Form[0].Key == "action");
    }

    [TestCase("userid=12345&appli=46&action=unlink", "appli 46 (user profile): no data to fetch; act on action=unlink (delete, unlink or update)")]
    [TestCase("userid=12345&appli=46", "appli 46 (user profile): no data to fetch; act on action=(none) (delete, unlink or update)")]
    [TestCase("userid=12345&appli=50&date=1530576000&deviceid=abc", "appli 50 (bed in): an event with no data to fetch")]
    [TestCase("userid=12345&appli=51&date=1530576000&deviceid=abc", "appli 51 (bed out): an event with no data to fetch")]
    [TestCase("userid=12345&appli=52&date=1530576000&deviceid=abc", "appli 52 (inflate done): an event with no data to fetch")]
    [TestCase("userid=12345&appli=55&date=1530576000&deviceid=abc", "appli 55 (ECG failed): an event with no data to fetch")]
    [TestCase("userid=12345&appli=99&startdate=1530576000&enddate=1530698753", "appli 99 is not a category this SDK knows: nothing to plan; every field is kept in Fields")]
    public void Plan_CategoryWithNothingToFetch_IsEmptyAndSaysWhy(string body, string reason)
    {
        // docs/planning.md rows "46", "50, 51, 52, 55" and "any other appli".
        var plan = Planner().Plan(Parser.Parse(body));

        plan.Requests.Should().BeEmpty();
        plan.IsEmpty.Should().BeTrue();
        plan.Reason.Should().Be(reason);
    }

    [Test]
    public void Plan_NoAccountAssociated_RequestHasNoUserAndNeedsNoSignature()
    {
        // docs/planning.md row "53": sent with the token of the user the caller chooses.
        var request = Planner().Plan(Parser.Parse("appli=53&mac=00:24:e4:aa:bb:cc")).Requests.Should().ContainSingle().Subject;

        request.UserId.Should().BeNull();
        request.RequiresSignature.Should().BeFalse();
        request.Form.Should().Equal(
            new KeyValuePair<string, string>("action", "link"),
            new KeyValuePair<string, string>("mac_addresses", "[\"00:24:e4:aa:bb:cc\"]"));
    }

    [Test]
    public void Plan_MacWithQuote_IsEscapedAsJson()
    {
        var request = Planner().Plan(new NoAccountAssociatedNotification { Mac = "a\"b\\c" }).Requests.Single();

        request.GetField("mac_addresses").Should().Be("[\"a\\\"b\\\\c\"]");
    }

    [Test]
    public void Plan_HandBuiltNotificationsMissingWhatTheServiceNeeds_AreEmptyWithAReason()
    {
        var planner = Planner();

        planner.Plan(new NoAccountAssociatedNotification()).Reason.Should().Be("appli 53 (no account associated) without mac: User v2 - Link needs the device's MAC address");
        planner.Plan(new SurveyNotification()).Reason.Should().Be("appli 60 (survey) without userid: Answers v2 - Get needs the user");
    }

    [Test]
    public void Plan_HandBuiltWindowInReverse_IsPutInOrder()
    {
        var notification = new WeightNotification
        {
            UserId = 1,
            StartDate = DateTimeOffset.FromUnixTimeSeconds(1530698753),
            EndDate = DateTimeOffset.FromUnixTimeSeconds(1530576000),
        };

        Planner().Plan(notification).Requests.Single().ToFormString()
            .Should().Be("action=getmeas&category=1&startdate=1530576000&enddate=1530698753");
    }

    [Test]
    public void Plan_CursorInTheFuture_GivesAnEmptyButValidWindow()
    {
        // Decision [ours]: a cursor after now (clock skew) never gives startdate > enddate, even more than the
        // lateness (7 days) ahead.
        var plan = Planner().Plan(Parser.Parse("userid=1&appli=54"), Context(null, 1710500000));

        plan.Requests.Single().ToFormString().Should().Be("action=list&startdate=1709400000&enddate=1709400000");
    }

    [Test]
    public void Plan_CursorAtTheCalendarsStart_ListsFromThere()
    {
        // since − lateness would be before 0001-01-01: the lists start at the first instant a DateTimeOffset holds.
        var context = new PlanningContext { TimeZone = TimeZoneInfo.Utc, Since = DateTimeOffset.MinValue };

        var plan = Planner().Plan(Parser.Parse("userid=1&appli=61"), context);

        plan.Requests.Select(Describe).Should().Equal(
            "/measure action=getmeas&category=1&lastupdate=-62135596800",
            "/v2/stetho action=list&startdate=-62135596800&enddate=1709400000");
    }

    [Test]
    public void Plan_LastDayOfTheCalendar_DoesNotOverflow()
    {
        // 9999-12-31 00:00 at UTC+14 is 253402164000 (`TZ=Pacific/Kiritimati date -d '9999-12-31 00:00' +%s`);
        // the next midnight is past DateTime.MaxValue and still planned.
        // The day is after now, so its intraday window is omitted rather than planned, and still computed exactly.
        var plan = Planner().Plan(Parser.Parse("userid=1&appli=16&date=9999-12-31"), Context("Pacific/Kiritimati", null));

        plan.Requests.Select(r => r.ToFormString()).Should().Equal(
            $"action=getactivity&startdateymd=9999-12-31&enddateymd=9999-12-31&data_fields={Activity}",
            $"action=getworkouts&startdateymd=9999-12-31&enddateymd=9999-12-31&data_fields={Workouts}");
        var omitted = plan.Omitted.Should().ContainSingle().Subject;
        (omitted.Kind, omitted.Start.ToUnixTimeSeconds(), omitted.End.ToUnixTimeSeconds()).Should().Be((OmittedWindowKind.AfterNow, 253402164000L, 253402250400L));
        omitted.EnumerateRequests().Select(r => r.ToFormString()).Should().Equal(
            $"action=getintradayactivity&startdate=253402164000&enddate=253402250400&data_fields={Intraday}");
    }

    [Test]
    public void Plan_NullNotification_Throws()
    {
        var act = () => Planner().Plan((WithingsNotification)null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("notification");
    }

    [Test]
    public void Plan_DefaultConstructor_PlansWithTheDefaults()
    {
        // Every measure type by default: no meastypes field.
        var plan = new FetchPlanner().Plan(Parser.Parse("foo=bar&userid=12345&appli=1&startdate=1530576000&enddate=1530698753"));

        plan.Requests.Single().ToString().Should().Be("POST /measure action=getmeas&category=1&startdate=1530576000&enddate=1530698753 (user 12345)");
    }

    internal static FetchPlanner Planner(WithingsPlanningOptions? planning = null, long now = Now) =>
        new(planning is null ? null : new StaticOptionsMonitor(new WithingsOptions { Planning = planning }), new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(now)));

    /// <summary>The context of a case: <see langword="null"/> is UTC (the cases written before zones could be unknown), <see cref="Unknown"/> no zone.</summary>
    internal static PlanningContext Context(string? timeZone, long? since) => new()
    {
        TimeZone = timeZone switch
        {
            null => TimeZoneInfo.Utc,
            Unknown => null,
            _ => TimeZoneInfo.FindSystemTimeZoneById(timeZone),
        },
        Since = since is { } value ? DateTimeOffset.FromUnixTimeSeconds(value) : null,
    };

    internal static string Describe(FetchRequest request) =>
        (request.RequiresSignature ? "signed " : string.Empty) + request.Path + " " + request.ToFormString();

    private static TestCaseData Case(string name, string body, string? timeZone, long? since, params string[] expected) =>
        CaseAt(Now, name, body, timeZone, since, expected);

    private static TestCaseData CaseAt(long now, string name, string body, string? timeZone, long? since, params string[] expected) =>
        new TestCaseData(body, timeZone, since, now, expected).SetName("Plan_PlanningRow_GivesExactlyTheDocumentedRequests(" + name + ")");
}
