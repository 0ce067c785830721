using static Withings.Sdk.Tests.Planning.DataFields;
using static Withings.Sdk.Tests.Planning.FetchPlannerTests;

namespace Withings.Sdk.Tests.Planning;

/// <summary>
/// Issue 22, item 10: without a window, sleep get and intraday activity plan <c>split(max(since, now − lookback), now)</c>,
/// as docs/planning.md says; whatever that leaves out of <c>since..now</c> is named in <see cref="FetchPlan.Omitted"/>,
/// so a stale cursor drops nothing without a trace.
/// </summary>
public sealed class NoWindowOmissionTests
{
    // A cursor 5 days before now: the lookback (24 h) leaves the 4 days before now − 24 h out.
    private const long FiveDaysAgo = Now - (5 * 86400);
    private const long LookbackStart = Now - 86400;

    private static readonly NotificationParser Parser = new();

    [Test]
    public void Plan_SleepWithoutWindowCursorFiveDaysOld_NamesTheFourDaysLeftOut()
    {
        var plan = Planner().Plan(Parser.Parse("userid=12345&appli=44"), Context(null, FiveDaysAgo));

        plan.Requests.Select(Describe).Should().Equal(
            $"/v2/sleep action=get&startdate={LookbackStart}&enddate={Now}&data_fields={Sleep}",
            $"/v2/sleep action=getsummary&lastupdate={FiveDaysAgo}&data_fields={Summary}");
        var omitted = plan.Omitted.Should().ContainSingle().Subject;
        (omitted.UserId, omitted.Path, omitted.Action, omitted.Kind).Should().Be((12345L, "/v2/sleep", "get", OmittedWindowKind.OlderThanLookback));
        (omitted.Start.ToUnixTimeSeconds(), omitted.End.ToUnixTimeSeconds(), omitted.RequestCount).Should().Be((FiveDaysAgo, LookbackStart, 4L));
        omitted.Reason.Should().Be("between the sync cursor and the most recent Withings:Planning:Lookback (1.00:00:00) of a notification without a window: 4 requests of 24 hours left out; fetch them deliberately if you need them");
        omitted.EnumerateRequests().Select(Describe).Should().Equal(
            Enumerable.Range(0, 4).Select(day => $"/v2/sleep action=get&startdate={FiveDaysAgo + (day * 86400L)}&enddate={FiveDaysAgo + ((day + 1) * 86400L)}&data_fields={Sleep}"));
    }

    [Test]
    public void Plan_ActivityWithoutDateCursorFiveDaysOld_NamesTheFourDaysOfIntradayLeftOut()
    {
        var plan = Planner().Plan(Parser.Parse("userid=12345&appli=16"), Context(null, FiveDaysAgo));

        plan.Requests.Select(Describe).Should().Equal(
            $"/v2/measure action=getactivity&lastupdate={FiveDaysAgo}&data_fields={Activity}",
            $"/v2/measure action=getintradayactivity&startdate={LookbackStart}&enddate={Now}&data_fields={Intraday}",
            $"/v2/measure action=getworkouts&lastupdate={FiveDaysAgo}&data_fields={Workouts}");
        plan.Omitted.Select(o => (o.Path, o.Action, o.Kind, o.Start.ToUnixTimeSeconds(), o.End.ToUnixTimeSeconds(), o.RequestCount)).Should().Equal(
            ("/v2/measure", "getintradayactivity", OmittedWindowKind.OlderThanLookback, FiveDaysAgo, LookbackStart, 4L));
    }

    [Test]
    public void Plan_LoneEnddateCountsAsNoWindow_NamesWhatTheLookbackLeavesOut()
    {
        // A stale cursor (4.6 days) does not become five sleep requests: the window is capped at the lookback, and
        // the 3.6 days before it are named.
        var plan = Planner().Plan(Parser.Parse("userid=12345&appli=44&enddate=1709368500"), Context(null, 1709000000));

        plan.Requests.Select(Describe).Should().Equal(
            $"/v2/sleep action=get&startdate=1709313600&enddate=1709400000&data_fields={Sleep}",
            $"/v2/sleep action=getsummary&lastupdate=1709000000&data_fields={Summary}");
        plan.Omitted.Select(o => (o.Kind, o.Start.ToUnixTimeSeconds(), o.End.ToUnixTimeSeconds(), o.RequestCount)).Should().Equal(
            (OmittedWindowKind.OlderThanLookback, 1709000000L, 1709313600L, 4L));
    }

    [TestCase(null)]
    [TestCase(LookbackStart)]
    [TestCase(Now - 3600)]
    [TestCase(Now + 3600)]
    public void Plan_CursorWithinTheLookbackOrNone_OmitsNothing(long? since)
    {
        var planner = Planner();

        planner.Plan(Parser.Parse("userid=1&appli=44"), Context(null, since)).Omitted.Should().BeEmpty();
        planner.Plan(Parser.Parse("userid=1&appli=16"), Context(null, since)).Omitted.Should().BeEmpty();
    }

    [Test]
    public void Plan_LookbackLongerThanMaxSplitWindow_NamesBothPartsOldestFirst()
    {
        // Lookback 10 days, MaxSplitWindow 1 day, cursor 12 days old: 2 days are older than the lookback, the next 9
        // are older than the split bound, and only the last day is planned.
        var planner = Planner(new WithingsPlanningOptions { Lookback = TimeSpan.FromDays(10), MaxSplitWindow = TimeSpan.FromDays(1) });

        var plan = planner.Plan(Parser.Parse("userid=1&appli=44"), Context(null, Now - (12 * 86400)));

        plan.Requests.Select(r => r.Action).Should().Equal("get", "getsummary");
        plan.Omitted.Select(o => (o.Kind, o.Start.ToUnixTimeSeconds(), o.End.ToUnixTimeSeconds())).Should().Equal(
            (OmittedWindowKind.OlderThanLookback, Now - (12 * 86400), Now - (10 * 86400)),
            (OmittedWindowKind.OlderThanMaxSplitWindow, Now - (10 * 86400), Now - 86400));
        plan.Omitted[0].Reason.Should().Contain("(10.00:00:00)");
        plan.Omitted[1].Reason.Should().Contain("(1.00:00:00)");
    }

    [Test]
    public void Plan_BatchOfTwoStaleNotifications_NamesTheOmissionOnce()
    {
        var plan = Planner().Plan(new[] { "userid=1&appli=44", "userid=1&appli=44" }.Select(Parser.Parse), _ => Context(null, FiveDaysAgo));

        plan.Requests.Select(r => r.Action).Should().Equal("get", "getsummary");
        plan.Omitted.Select(o => (o.UserId, o.Kind, o.Start.ToUnixTimeSeconds(), o.End.ToUnixTimeSeconds())).Should().Equal(
            (1L, OmittedWindowKind.OlderThanLookback, FiveDaysAgo, LookbackStart));
    }

    [Test]
    public void Plan_BatchWithANightInsideTheOmission_NamesOnlyWhatTheBatchDoesNotFetch()
    {
        // A window-less sleep notification with a cursor 5 days old, and a real night 3 days ago of the same user:
        // the night is planned, so the batch's omission no longer holds it; other users keep their own omission.
        var night = (Start: Now - (3 * 86400), End: Now - (3 * 86400) + 30000);
        var plan = Planner().Plan(
            new[] { "userid=1&appli=44", $"userid=1&appli=44&startdate={night.Start}&enddate={night.End}", "userid=2&appli=44" }.Select(Parser.Parse),
            _ => Context(null, FiveDaysAgo));

        plan.Omitted.Select(o => (o.UserId, o.Kind, o.Start.ToUnixTimeSeconds(), o.End.ToUnixTimeSeconds())).Should().Equal(
            (1L, OmittedWindowKind.OlderThanLookback, FiveDaysAgo, night.Start),
            (1L, OmittedWindowKind.OlderThanLookback, night.End, LookbackStart),
            (2L, OmittedWindowKind.OlderThanLookback, FiveDaysAgo, LookbackStart));
    }
}
