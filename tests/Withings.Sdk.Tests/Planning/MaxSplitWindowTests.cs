using Microsoft.Extensions.Options;
using static Withings.Sdk.Tests.Planning.DataFields;
using static Withings.Sdk.Tests.Planning.FetchPlannerTests;

namespace Withings.Sdk.Tests.Planning;

/// <summary>
/// Issue 11: the sender does not bound the planner. Sleep v2 - Get and Getintradayactivity split at most the most
/// recent Planning:MaxSplitWindow (31 days) of a window, ending no later than now; the plan lists the rest in
/// <see cref="FetchPlan.Omitted"/>; every other request keeps the window as sent.
/// </summary>
public sealed class MaxSplitWindowTests
{
    // Now − 31 days: the first instant the default bound lets through.
    private const long BoundStart = Now - (31 * 86400);

    private static readonly NotificationParser Parser = new();

    [Test]
    public void Plan_SleepFrom1970To2038_Plans31DaysEndingNowAndOmitsTheRest()
    {
        // Issue 11's second body: 24 857 requests before.
        var plan = Planner().Plan(Parser.Parse("userid=1&appli=44&startdate=0&enddate=2147483647"));

        var gets = plan.Requests.Where(r => r.Action == "get").ToList();
        gets.Should().HaveCount(31);
        gets.Select(r => (long.Parse(r.GetField("startdate")!, System.Globalization.CultureInfo.InvariantCulture), long.Parse(r.GetField("enddate")!, System.Globalization.CultureInfo.InvariantCulture)))
            .Should().Equal(Enumerable.Range(0, 31).Select(i => (BoundStart + (i * 86400L), BoundStart + ((i + 1) * 86400L))));
        Describe(plan.Requests[^1]).Should().Be($"/v2/sleep action=getsummary&startdateymd=1969-12-31&enddateymd=2038-01-19&data_fields={Summary}");
        plan.Omitted.Select(o => (o.Path, o.Action, o.Kind, o.Start.ToUnixTimeSeconds(), o.End.ToUnixTimeSeconds(), o.RequestCount)).Should().Equal(
            ("/v2/sleep", "get", OmittedWindowKind.OlderThanMaxSplitWindow, 0L, BoundStart, 19754L),
            ("/v2/sleep", "get", OmittedWindowKind.AfterNow, Now, 2147483647L, 5071L));
        plan.Omitted[0].Reason.Should().Be("older than the window's most recent Withings:Planning:MaxSplitWindow (31.00:00:00): 19754 requests of 24 hours left out; fetch them deliberately if you need them");
        plan.Omitted[1].Reason.Should().Be("after now: Withings cannot hold data there yet; plan it again once that time has passed");
    }

    [Test]
    public void Plan_ActivityFrom1970To9999_PlansAFewDozenRequests()
    {
        // Issue 11's first body: 2 932 899 requests and 0.9 GB before.
        var plan = Planner().Plan(Parser.Parse("userid=1&appli=16&startdate=0&enddate=253402300799"));

        plan.Requests.Select(r => r.Action).Should().Equal(["getactivity", .. Enumerable.Repeat("getintradayactivity", 31), "getworkouts"]);
        plan.Requests[0].ToFormString().Should().Be($"action=getactivity&startdateymd=1969-12-31&enddateymd=9999-12-31&data_fields={Activity}");
        plan.Omitted.Select(o => (o.Action, o.Kind, o.Start.ToUnixTimeSeconds(), o.End.ToUnixTimeSeconds())).Should().Equal(
            ("getintradayactivity", OmittedWindowKind.OlderThanMaxSplitWindow, 0L, BoundStart),
            ("getintradayactivity", OmittedWindowKind.AfterNow, Now, 253402300799L));
    }

    [Test]
    public void Plan_WindowAfterNow_HasNoSplitRequestAndSaysSo()
    {
        var plan = Planner().Plan(Parser.Parse($"userid=1&appli=44&startdate={Now + 100}&enddate={Now + 200}"), Context(null, null));

        plan.Requests.Select(Describe).Should().Equal($"/v2/sleep action=getsummary&startdateymd=2024-03-02&enddateymd=2024-03-02&data_fields={Summary}");
        var omitted = plan.Omitted.Should().ContainSingle().Subject;
        (omitted.Kind, omitted.Start.ToUnixTimeSeconds(), omitted.End.ToUnixTimeSeconds(), omitted.UserId).Should().Be((OmittedWindowKind.AfterNow, Now + 100, Now + 200, 1L));
    }

    [Test]
    public void Plan_WindowOfExactlyMaxSplitWindowEndingNow_OmitsNothing()
    {
        var plan = Planner().Plan(Parser.Parse($"userid=1&appli=44&startdate={BoundStart}&enddate={Now}"));

        plan.Requests.Should().HaveCount(32);
        plan.Omitted.Should().BeEmpty();
    }

    [Test]
    public void Plan_OtherServices_KeepTheWindowAsSent()
    {
        var planner = Planner();

        planner.Plan(Parser.Parse("userid=1&appli=1&startdate=0&enddate=253402300799")).Requests.Single().ToFormString()
            .Should().Be("action=getmeas&category=1&startdate=0&enddate=253402300799");
        planner.Plan(Parser.Parse("userid=1&appli=54&startdate=0&enddate=253402300799")).Requests.Single().ToFormString()
            .Should().Be("action=list&startdate=0&enddate=253402300799");
        planner.Plan(Parser.Parse("userid=1&appli=60&startdate=0&enddate=253402300799")).Requests.Single().ToFormString()
            .Should().Be("action=get&userid=1&startdate=0&enddate=253402300799");
        planner.Plan(Parser.Parse("userid=1&appli=1&startdate=0&enddate=253402300799")).Omitted.Should().BeEmpty();
    }

    [Test]
    public void Plan_MaxSplitWindowFromConfiguration_IsTheBound()
    {
        var planner = Planner(new WithingsPlanningOptions { MaxSplitWindow = TimeSpan.FromDays(2) });

        var plan = planner.Plan(Parser.Parse("userid=1&appli=44&startdate=1709000000&enddate=1709300000"), Context(null, null));

        plan.Requests.Select(Describe).Should().Equal(
            $"/v2/sleep action=get&startdate=1709127200&enddate=1709213600&data_fields={Sleep}",
            $"/v2/sleep action=get&startdate=1709213600&enddate=1709300000&data_fields={Sleep}",
            $"/v2/sleep action=getsummary&startdateymd=2024-02-27&enddateymd=2024-03-01&data_fields={Summary}");
        plan.Omitted.Single().Reason.Should().Contain("(2.00:00:00)");
    }

    [Test]
    public void Plan_LookbackLongerThanMaxSplitWindow_IsBoundedToo()
    {
        var planner = Planner(new WithingsPlanningOptions { Lookback = TimeSpan.FromDays(10), MaxSplitWindow = TimeSpan.FromDays(1) });

        var plan = planner.Plan(Parser.Parse("userid=1&appli=44"));

        plan.Requests.Select(Describe).Should().Equal(
            $"/v2/sleep action=get&startdate={Now - 86400}&enddate={Now}&data_fields={Sleep}",
            $"/v2/sleep action=getsummary&lastupdate={Now - (10 * 86400)}&data_fields={Summary}");
        plan.Omitted.Single().Start.ToUnixTimeSeconds().Should().Be(Now - (10 * 86400));
    }

    [Test]
    public void Plan_HandBuiltReversedWindowAtTheCalendarsEnds_IsOrderedAndBounded()
    {
        var notification = new SleepNotification { UserId = 1, StartDate = DateTimeOffset.MaxValue, EndDate = DateTimeOffset.MinValue };

        var plan = Planner().Plan(notification);

        plan.Requests.Should().HaveCount(32);
        plan.Omitted.Select(o => (o.Start, o.End)).Should().Equal(
            (DateTimeOffset.FromUnixTimeSeconds(-62135596800), DateTimeOffset.FromUnixTimeSeconds(BoundStart)),
            (DateTimeOffset.FromUnixTimeSeconds(Now), DateTimeOffset.FromUnixTimeSeconds(253402300799)));
    }

    [Test]
    public void EnumerateRequests_OfAMillionDayWindow_MakesThemOnlyAsAsked()
    {
        var omitted = Planner().Plan(Parser.Parse("userid=1&appli=44&startdate=0&enddate=253402300799")).Omitted[^1];

        omitted.RequestCount.Should().Be(2913113);
        omitted.EnumerateRequests().Take(2).Select(Describe).Should().Equal(
            $"/v2/sleep action=get&startdate={Now}&enddate={Now + 86400}&data_fields={Sleep}",
            $"/v2/sleep action=get&startdate={Now + 86400}&enddate={Now + 172800}&data_fields={Sleep}");
    }

    [Test]
    public void Plan_HugeWindow_AllocatesNoMoreThanTheSamePlanOverItsBoundedWindow()
    {
        // Memory must not depend on the window's length: 1970..9999 allocates what the bounded 31 days do, plus the two
        // omitted windows.
        var planner = Planner();
        var huge = Parser.Parse("userid=1&appli=44&startdate=0&enddate=253402300799");
        var bounded = Parser.Parse($"userid=1&appli=44&startdate={BoundStart}&enddate={Now}");
        planner.Plan(huge);
        planner.Plan(bounded);

        var before = GC.GetAllocatedBytesForCurrentThread();
        planner.Plan(bounded);
        var boundedBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        planner.Plan(huge);
        var hugeBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        hugeBytes.Should().BeLessThan(boundedBytes + 2048);
    }

    [TestCase("00:00:00", "Withings:Planning:MaxSplitWindow: must be between 00:00:00.0000001 and 366.00:00:00.")]
    [TestCase("367.00:00:00", "Withings:Planning:MaxSplitWindow: must be between 00:00:00.0000001 and 366.00:00:00.")]
    public void Plan_MaxSplitWindowOutOfRange_ThrowsNamingTheSetting(string value, string message)
    {
        var planner = Planner(new WithingsPlanningOptions { MaxSplitWindow = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture) });

        var act = () => planner.Plan(Parser.Parse("userid=1&appli=44"));

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().Equal(message);
    }

    [Test]
    public void Plan_BatchOfHugeWindows_MergesTheOmittedWindowsLessWhatItFetches()
    {
        // Two hostile windows and one real night 40 days ago: the night is planned (it is short), and the batch's
        // omitted window no longer holds it.
        var night = (Start: Now - (40 * 86400), End: Now - (40 * 86400) + 30000);
        var plan = Planner().Plan(new[]
        {
            "userid=1&appli=44&startdate=0&enddate=2147483647",
            "userid=1&appli=44&startdate=100&enddate=2147483647",
            $"userid=1&appli=44&startdate={night.Start}&enddate={night.End}",
        }.Select(Parser.Parse));

        plan.Requests.Count(r => r.Action == "get").Should().Be(32);
        plan.Omitted.Select(o => (o.Kind, o.Start.ToUnixTimeSeconds(), o.End.ToUnixTimeSeconds())).Should().Equal(
            (OmittedWindowKind.OlderThanMaxSplitWindow, 0L, night.Start),
            (OmittedWindowKind.OlderThanMaxSplitWindow, night.End, BoundStart),
            (OmittedWindowKind.AfterNow, Now, 2147483647L));
    }
}
