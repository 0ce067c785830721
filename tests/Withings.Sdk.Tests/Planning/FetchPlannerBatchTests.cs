using static Withings.Sdk.Tests.Planning.DataFields;

namespace Withings.Sdk.Tests.Planning;

/// <summary>docs/planning.md "Many notifications at once (coalescing)", on hand-written batches with literal expectations.</summary>
public sealed class FetchPlannerBatchTests
{
    private static readonly NotificationParser Parser = new();

    private static FetchPlan PlanBatch(params string[] bodies) =>
        FetchPlannerTests.Planner().Plan(bodies.Select(Parser.Parse));

    [Test]
    public void Plan_SameNotificationTwice_SendsItsRequestsOnce()
    {
        // Withings retries deliveries (docs/withings-api.md §1): duplicates are normal.
        var plan = PlanBatch(
            "foo=bar&userid=12345&appli=1&startdate=1530576000&enddate=1530698753",
            "foo=bar&userid=12345&appli=1&startdate=1530576000&enddate=1530698753");

        plan.Requests.Select(FetchPlannerTests.Describe).Should().Equal(
            "/measure action=getmeas&category=1&startdate=1530576000&enddate=1530698753");
    }

    [Test]
    public void Plan_OverlappingAndTouchingWeightWindows_BecomeOneGetmeasOverTheUnion()
    {
        var plan = PlanBatch(
            "userid=1&appli=1&startdate=1530576000&enddate=1530600000",
            "userid=1&appli=1&startdate=1530590000&enddate=1530620000",
            "userid=1&appli=1&startdate=1530620000&enddate=1530630000",
            "userid=1&appli=1&startdate=1530630001&enddate=1530640000");

        plan.Requests.Select(FetchPlannerTests.Describe).Should().Equal(
            "/measure action=getmeas&category=1&startdate=1530576000&enddate=1530640000");
    }

    [Test]
    public void Plan_WindowsWithAGap_StaySeparateInTimeOrder()
    {
        var plan = PlanBatch(
            "userid=1&appli=1&startdate=1530700000&enddate=1530710000",
            "userid=1&appli=1&startdate=1530576000&enddate=1530600000",
            "userid=1&appli=1&startdate=1530600002&enddate=1530610000");

        plan.Requests.Select(r => r.ToFormString()).Should().Equal(
            "action=getmeas&category=1&startdate=1530576000&enddate=1530600000",
            "action=getmeas&category=1&startdate=1530600002&enddate=1530610000",
            "action=getmeas&category=1&startdate=1530700000&enddate=1530710000");
    }

    [Test]
    public void Plan_WeightTemperatureAndPressureOfOneWindow_ShareOneGetmeas()
    {
        // docs/planning.md rows 1, 2, 4: no meastypes filter by default, so a scale's weight notification and a
        // monitor's pressure notification of the same window are one request; another user keeps their own.
        var plan = PlanBatch(
            "userid=1&appli=1&startdate=1530576000&enddate=1530600000",
            "userid=1&appli=2&startdate=1530576000&enddate=1530600000",
            "userid=1&appli=4&startdate=1530576000&enddate=1530600000",
            "userid=2&appli=4&startdate=1530576000&enddate=1530600000");

        plan.Requests.Select(r => $"{r.UserId} {r.ToFormString()}").Should().Equal(
            "1 action=getmeas&category=1&startdate=1530576000&enddate=1530600000",
            "2 action=getmeas&category=1&startdate=1530576000&enddate=1530600000");
    }

    [Test]
    public void Plan_OtherUserOrOtherMeastypes_AreNotMerged()
    {
        // A configured filter is part of the request: appli 2 with its own list stays apart from appli 1.
        var planner = FetchPlannerTests.Planner(new WithingsPlanningOptions { TemperatureMeasTypes = "12,71,73" });
        var plan = planner.Plan(new[]
        {
            "userid=1&appli=1&startdate=1530576000&enddate=1530600000",
            "userid=2&appli=1&startdate=1530576000&enddate=1530600000",
            "userid=1&appli=2&startdate=1530576000&enddate=1530600000",
        }.Select(Parser.Parse));

        plan.Requests.Select(r => $"{r.UserId} {r.ToFormString()}").Should().Equal(
            "1 action=getmeas&category=1&startdate=1530576000&enddate=1530600000",
            "2 action=getmeas&category=1&startdate=1530576000&enddate=1530600000",
            "1 action=getmeas&meastypes=12,71,73&category=1&startdate=1530576000&enddate=1530600000");
    }

    [Test]
    public void Plan_OverlappingSleepNights_AreMergedThenCutInto24HourWindows()
    {
        // 1709336580..1709400000 and 1709390000..1709444580: the union is 30 h, so two Sleep v2 - Get windows.
        var plan = FetchPlannerTests.Planner(now: FetchPlannerTests.Later).Plan(new[]
        {
            "userid=13371337&appli=44&startdate=1709336580&enddate=1709400000",
            "userid=13371337&appli=44&startdate=1709390000&enddate=1709444580",
        }.Select(Parser.Parse));

        plan.Requests.Select(FetchPlannerTests.Describe).Should().Equal(
            $"/v2/sleep action=get&startdate=1709336580&enddate=1709422980&data_fields={Sleep}",
            $"/v2/sleep action=get&startdate=1709422980&enddate=1709444580&data_fields={Sleep}",
            $"/v2/sleep action=getsummary&startdateymd=2024-03-01&enddateymd=2024-03-03&data_fields={Summary}");
    }

    [Test]
    public void Plan_ConsecutiveActivityDays_ShareOneGetactivityAndOneGetworkouts()
    {
        var plan = PlanBatch(
            "userid=12345&appli=16&date=2018-07-04",
            "userid=12345&appli=16&date=2018-07-03",
            "userid=12345&appli=16&date=2018-07-03");

        plan.Requests.Select(FetchPlannerTests.Describe).Should().Equal(
            $"/v2/measure action=getactivity&startdateymd=2018-07-03&enddateymd=2018-07-04&data_fields={Activity}",
            $"/v2/measure action=getintradayactivity&startdate=1530576000&enddate=1530662400&data_fields={Intraday}",
            $"/v2/measure action=getintradayactivity&startdate=1530662400&enddate=1530748800&data_fields={Intraday}",
            $"/v2/measure action=getworkouts&startdateymd=2018-07-03&enddateymd=2018-07-04&data_fields={Workouts}");
    }

    [Test]
    public void Plan_GlucoseStethoscopeHrvAndUrineOfOneUser_ShareOneLastupdateGetmeas()
    {
        // docs/planning.md rows 58, 61, 62, 63 plan the same getmeas; without a cursor since = now - 24 h. The
        // stethoscope's Stetho v2 - List follows once, reaching back since - 7 days.
        var plan = PlanBatch("userid=5&appli=58", "userid=5&appli=61", "userid=5&appli=62", "userid=5&appli=63", "userid=6&appli=62", "userid=5&appli=61");

        plan.Requests.Select(r => $"{r.UserId} {r.Path} {r.ToFormString()}").Should().Equal(
            "5 /measure action=getmeas&category=1&lastupdate=1709313600",
            "5 /v2/stetho action=list&startdate=1708708800&enddate=1709400000",
            "6 /measure action=getmeas&category=1&lastupdate=1709313600");
    }

    [Test]
    public void Plan_StethoscopeWindowsOfOneUser_BecomeOneListOverTheUnion()
    {
        var plan = PlanBatch(
            "userid=5&appli=61&startdate=1530576000&enddate=1530600000",
            "userid=5&appli=61&startdate=1530590000&enddate=1530620000");

        plan.Requests.Select(FetchPlannerTests.Describe).Should().Equal(
            "/measure action=getmeas&category=1&startdate=1530576000&enddate=1530620000",
            "/v2/stetho action=list&startdate=1530576000&enddate=1530620000");
    }

    [Test]
    public void Plan_SurveysOfOneUser_MergeIntoTheOpenEndedRequest()
    {
        var plan = PlanBatch(
            "userid=7&appli=60&startdate=1709000000&enddate=1709100000",
            "userid=7&appli=60&startdate=1709050000");

        plan.Requests.Select(FetchPlannerTests.Describe).Should().Equal(
            "signed /v2/answers action=get&userid=7&startdate=1709000000");
    }

    [Test]
    public void Plan_NoAccountAssociated_SameMacOnceOtherMacsKept()
    {
        var plan = PlanBatch("appli=53&mac=00:24:e4:aa:bb:cc", "appli=53&mac=00:24:e4:aa:bb:cc", "appli=53&mac=00:24:e4:aa:bb:dd");

        plan.Requests.Select(r => r.GetField("mac_addresses")).Should().Equal("[\"00:24:e4:aa:bb:cc\"]", "[\"00:24:e4:aa:bb:dd\"]");
        plan.Requests.Should().OnlyContain(r => r.UserId == null);
    }

    [Test]
    public void Plan_ContextForUser_IsAskedOncePerUserAndApplied()
    {
        var asked = new List<long?>();
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

        var plan = FetchPlannerTests.Planner().Plan(
            new[] { "userid=1&appli=58", "userid=2&appli=58", "userid=1&appli=44&startdate=1709336580&enddate=1709368500", "appli=53&mac=ab" }.Select(Parser.Parse),
            user =>
            {
                asked.Add(user);
                return user == 1 ? new PlanningContext { TimeZone = paris, Since = DateTimeOffset.FromUnixTimeSeconds(1709000000) } : null;
            });

        asked.Should().Equal(1, 2, null);
        plan.Requests.Select(r => $"{r.UserId} {r.ToFormString()}").Should().Equal(
            "1 action=getmeas&category=1&lastupdate=1709000000",
            "2 action=getmeas&category=1&lastupdate=1709313600",
            $"1 action=get&startdate=1709336580&enddate=1709368500&data_fields={Sleep}",
            $"1 action=getsummary&startdateymd=2024-03-02&enddateymd=2024-03-02&data_fields={Summary}",
            " action=link&mac_addresses=%5B%22ab%22%5D");
    }

    [Test]
    public void Plan_NothingToFetch_IsEmptyWithAReason()
    {
        PlanBatch().Reason.Should().Be("no notifications to plan");
        PlanBatch("userid=1&appli=50&date=1530576000", "userid=1&appli=46&action=update").Reason
            .Should().Be("none of the 2 notifications has data to fetch");
    }

    [Test]
    public void Plan_NullInTheBatch_NamesItsPosition()
    {
        var act = () => FetchPlannerTests.Planner().Plan(new WithingsNotification[] { Parser.Parse("userid=1&appli=1"), null! });

        act.Should().Throw<ArgumentException>().WithParameterName("notifications").WithMessage("notifications: item 1 is null.*");
    }

    [Test]
    public void Coalesce_LastupdateRequestsOfOneUser_KeepTheEarliest()
    {
        // Within one batch a user has one cursor, so this rule is checked on the coalescer itself.
        static FetchRequest LastUpdate(long user, long since) => new(user, "/measure",
            [new("action", "getmeas"), new("category", "1"), new("lastupdate", since.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            false, RequestWindow.LastUpdate(since));

        var coalesced = RequestCoalescer.Coalesce([LastUpdate(1, 1709300000), LastUpdate(1, 1709000000), LastUpdate(2, 1709400000)]);

        coalesced.Select(r => $"{r.UserId} {r.ToFormString()}").Should().Equal(
            "1 action=getmeas&category=1&lastupdate=1709000000",
            "2 action=getmeas&category=1&lastupdate=1709400000");
    }
}
