using static Withings.Sdk.Tests.Planning.DataFields;
using static Withings.Sdk.Tests.Planning.FetchPlannerTests;

namespace Withings.Sdk.Tests.Planning;

/// <summary>
/// Issue 14, "Unknown time zone is not UTC": with the zone unknown, every range of days derived from instants runs
/// from <c>ymd_utc(S − 12 h)</c> to <c>ymd_utc(E + 14 h)</c>; a calendar date, the 24-hour windows and <c>lastupdate</c>
/// are unchanged, and a known zone (UTC included) plans as before. Expected forms are written out.
/// </summary>
public sealed class UnknownTimeZoneTests
{
    private static readonly NotificationParser Parser = new();

    private static IEnumerable<TestCaseData> Cases()
    {
        // A night in Tokyo, 2024-03-01 23:43 to 2024-03-02 08:35 local (14:43Z to 23:35Z): Withings files its summary
        // under the local wake day, 2024-03-02, which UTC planning leaves out.
        const string tokyoNight = "userid=13371337&appli=44&startdate=1709304180&enddate=1709336100";
        const string tokyoGet = $"/v2/sleep action=get&startdate=1709304180&enddate=1709336100&data_fields={Sleep}";
        yield return Case("Tokyo night, zone unknown", tokyoNight, Unknown,
            tokyoGet, $"/v2/sleep action=getsummary&startdateymd=2024-03-01&enddateymd=2024-03-02&data_fields={Summary}");
        yield return Case("Tokyo night, zone Asia/Tokyo", tokyoNight, "Asia/Tokyo",
            tokyoGet, $"/v2/sleep action=getsummary&startdateymd=2024-03-01&enddateymd=2024-03-02&data_fields={Summary}");
        yield return Case("Tokyo night, zone UTC as given", tokyoNight, "UTC",
            tokyoGet, $"/v2/sleep action=getsummary&startdateymd=2024-03-01&enddateymd=2024-03-01&data_fields={Summary}");

        // A night in Los Angeles, 2024-02-29 22:00 to 2024-03-01 06:00 local (06:00Z to 14:00Z): west of UTC too.
        yield return Case("Los Angeles night, zone unknown", "userid=1&appli=44&startdate=1709272800&enddate=1709301600", Unknown,
            $"/v2/sleep action=get&startdate=1709272800&enddate=1709301600&data_fields={Sleep}",
            $"/v2/sleep action=getsummary&startdateymd=2024-02-29&enddateymd=2024-03-02&data_fields={Summary}");

        // Activity with a window: both day ranges widened; the intraday windows are the instants as sent.
        yield return Case("activity window, zone unknown", "userid=12345&appli=16&startdate=1530576000&enddate=1530698753", Unknown,
            $"/v2/measure action=getactivity&startdateymd=2018-07-02&enddateymd=2018-07-05&data_fields={Activity}",
            $"/v2/measure action=getintradayactivity&startdate=1530576000&enddate=1530662400&data_fields={Intraday}",
            $"/v2/measure action=getintradayactivity&startdate=1530662400&enddate=1530698753&data_fields={Intraday}",
            $"/v2/measure action=getworkouts&startdateymd=2018-07-02&enddateymd=2018-07-05&data_fields={Workouts}");

        // An epoch date is an instant: its day is widened (2018-07-03T00:00Z is still 2018-07-02 west of UTC), while
        // the intraday window stays the UTC day.
        yield return Case("activity epoch date, zone unknown", "userid=12345&appli=16&date=1530576000", Unknown,
            $"/v2/measure action=getactivity&startdateymd=2018-07-02&enddateymd=2018-07-03&data_fields={Activity}",
            $"/v2/measure action=getintradayactivity&startdate=1530576000&enddate=1530662400&data_fields={Intraday}",
            $"/v2/measure action=getworkouts&startdateymd=2018-07-02&enddateymd=2018-07-03&data_fields={Workouts}");

        // A calendar date is the user's own day: never widened.
        yield return Case("activity calendar date, zone unknown", "userid=12345&appli=16&date=2018-07-03", Unknown,
            $"/v2/measure action=getactivity&startdateymd=2018-07-03&enddateymd=2018-07-03&data_fields={Activity}",
            $"/v2/measure action=getintradayactivity&startdate=1530576000&enddate=1530662400&data_fields={Intraday}",
            $"/v2/measure action=getworkouts&startdateymd=2018-07-03&enddateymd=2018-07-03&data_fields={Workouts}");

        // No window: lastupdate and the recent 24-hour windows do not depend on the zone.
        yield return Case("sleep without window, zone unknown", "userid=12345&appli=44", Unknown,
            $"/v2/sleep action=get&startdate=1709313600&enddate=1709400000&data_fields={Sleep}",
            $"/v2/sleep action=getsummary&lastupdate=1709313600&data_fields={Summary}");

        // getmeas carries instants only: nothing to widen.
        yield return Case("weight window, zone unknown", "userid=12345&appli=1&startdate=1530576000&enddate=1530698753", Unknown,
            "/measure action=getmeas&category=1&startdate=1530576000&enddate=1530698753");
    }

    [TestCaseSource(nameof(Cases))]
    public void Plan_ZoneUnknownOrKnown_GivesTheseRequests(string body, string zone, string[] expected)
    {
        var plan = Planner().Plan(Parser.Parse(body), Context(zone, null));

        plan.Requests.Select(Describe).Should().Equal(expected);
    }

    [Test]
    public void Plan_DefaultContext_IsTheUnknownZone()
    {
        var notification = Parser.Parse("userid=13371337&appli=44&startdate=1709304180&enddate=1709336100");

        var plan = Planner().Plan(notification);

        PlanningContext.Default.TimeZone.Should().BeNull();
        plan.Should().Be(Planner().Plan(notification, Context(Unknown, null)));
        plan.Requests[^1].GetField("enddateymd").Should().Be("2024-03-02");
    }

    [TestCase(Unknown)]
    [TestCase("Pacific/Kiritimati")]
    [TestCase("America/New_York")]
    public void Plan_WindowAtTheEndsOfTheCalendar_DaysStayWithinYears1To9999(string zone)
    {
        // 0001-01-01T00:00Z − 12 h and 9999-12-31T23:59:59Z + 14 h (or in UTC+14) fall outside YYYY-MM-DD: the range
        // is clamped; before, a known zone east of UTC sent enddateymd=10000-01-01.
        var notification = new SleepNotification
        {
            UserId = 1,
            StartDate = DateTimeOffset.MinValue,
            EndDate = DateTimeOffset.MaxValue,
        };

        var summary = Planner().Plan(notification, Context(zone, null)).Requests[^1];

        (summary.GetField("startdateymd"), summary.GetField("enddateymd")).Should().Be(("0001-01-01", "9999-12-31"));
    }

    [Test]
    public void Plan_LastMinuteOf9999EastOfUtc_BothDaysAre9999_12_31()
    {
        // 9999-12-31T23:59Z is already 10000-01-01 in Kolkata: both ends are clamped, the range stays in order.
        var notification = Parser.Parse("userid=1&appli=44&startdate=253402300740&enddate=253402300799");

        var summary = Planner().Plan(notification, Context("Asia/Kolkata", null)).Requests[^1];

        (summary.GetField("startdateymd"), summary.GetField("enddateymd")).Should().Be(("9999-12-31", "9999-12-31"));
    }

    private static TestCaseData Case(string name, string body, string zone, params string[] expected) =>
        new TestCaseData(body, zone, expected).SetName("Plan_ZoneUnknownOrKnown_GivesTheseRequests(" + name + ")");
}
