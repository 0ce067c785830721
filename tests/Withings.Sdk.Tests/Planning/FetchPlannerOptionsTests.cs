using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static Withings.Sdk.Tests.Planning.DataFields;

namespace Withings.Sdk.Tests.Planning;

/// <summary>The data_fields lists, the measure types, the lookback and the split bound are options.</summary>
public sealed class FetchPlannerOptionsTests
{
    private static readonly NotificationParser Parser = new();

    [Test]
    public void Defaults_AreTheFullDocumentedLists()
    {
        var options = new WithingsPlanningOptions();

        options.ActivityDataFields.Should().Be(Activity);
        options.IntradayActivityDataFields.Should().Be(Intraday);
        options.WorkoutsDataFields.Should().Be(Workouts);
        options.SleepDataFields.Should().Be(Sleep);
        options.SleepSummaryDataFields.Should().Be(Summary);
        options.Lookback.Should().Be(TimeSpan.FromHours(24));
        options.MaxSplitWindow.Should().Be(TimeSpan.FromDays(31));
        options.Lateness.Should().Be(TimeSpan.FromDays(7));
        (options.WeightMeasTypes, options.TemperatureMeasTypes, options.BloodPressureMeasTypes).Should().Be((string.Empty, string.Empty, string.Empty), "every measure type by default");
    }

    [Test]
    public void Plan_LatenessFromConfiguration_IsHowFarTheWindowlessListsReachBeforeTheCursor()
    {
        using var provider = Provider(new Dictionary<string, string?> { ["Withings:Planning:Lateness"] = "02:00:00" });
        var planner = provider.GetRequiredService<FetchPlanner>();
        var context = new PlanningContext { Since = DateTimeOffset.FromUnixTimeSeconds(1709000000) };

        planner.Plan(Parser.Parse("userid=1&appli=54"), context).Requests.Select(FetchPlannerTests.Describe).Should().Equal(
            "/v2/heart action=list&startdate=1708992800&enddate=1709400000");
        planner.Plan(Parser.Parse("userid=1&appli=61"), context).Requests.Select(FetchPlannerTests.Describe).Should().Equal(
            "/measure action=getmeas&category=1&lastupdate=1709000000",
            "/v2/stetho action=list&startdate=1708992800&enddate=1709400000");
    }

    [Test]
    public void Plan_LatenessZero_ListsFromTheCursor()
    {
        var planner = FetchPlannerTests.Planner(new WithingsPlanningOptions { Lateness = TimeSpan.Zero });

        planner.Plan(Parser.Parse("userid=1&appli=54"), FetchPlannerTests.Context(null, 1709000000)).Requests.Single().ToFormString()
            .Should().Be("action=list&startdate=1709000000&enddate=1709400000");
    }

    [TestCase("-00:00:01")]
    [TestCase("367.00:00:00")]
    public void Options_LatenessOutOfRange_FailsValidationNamingTheSetting(string value)
    {
        using var provider = Provider(new Dictionary<string, string?> { ["Withings:Planning:Lateness"] = value });

        var act = () => provider.GetRequiredService<IOptions<WithingsOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().ContainSingle().Which.Should().Contain("Lateness");
    }

    [Test]
    public void Plan_LatenessOutOfRangeOnAHandBuiltPlanner_Throws()
    {
        var planner = FetchPlannerTests.Planner(new WithingsPlanningOptions { Lateness = TimeSpan.FromDays(-1) });

        var act = () => planner.Plan(Parser.Parse("userid=1&appli=54"));

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().ContainSingle().Which.Should().Contain("Lateness");
    }

    [Test]
    public void Plan_MeasTypesFromConfiguration_AreSentTrimmedOrLeftOut()
    {
        using var provider = Provider(new Dictionary<string, string?>
        {
            ["Withings:Planning:WeightMeasTypes"] = "1,5,6,8,76,77,88,91, 170 ,226",
            ["Withings:Planning:TemperatureMeasTypes"] = "",
            ["Withings:Planning:BloodPressureMeasTypes"] = "9,10,11",
        });
        var planner = provider.GetRequiredService<FetchPlanner>();

        planner.Plan(Parser.Parse("userid=1&appli=1&startdate=1530576000&enddate=1530698753")).Requests.Single().ToFormString()
            .Should().Be("action=getmeas&meastypes=1,5,6,8,76,77,88,91,170,226&category=1&startdate=1530576000&enddate=1530698753");
        planner.Plan(Parser.Parse("userid=1&appli=2&startdate=1530576000&enddate=1530698753")).Requests.Single().ToFormString()
            .Should().Be("action=getmeas&category=1&startdate=1530576000&enddate=1530698753");
        planner.Plan(Parser.Parse("userid=1&appli=4&startdate=1530576000&enddate=1530698753")).Requests.Single().ToFormString()
            .Should().Be("action=getmeas&meastypes=9,10,11&category=1&startdate=1530576000&enddate=1530698753");
    }

    [TestCase("WeightMeasTypes", "1,kg", "Withings:Planning:WeightMeasTypes: 'kg' is not a measure type code; use comma-separated positive numbers, for example 1,5,6")]
    [TestCase("TemperatureMeasTypes", "12,-71", "Withings:Planning:TemperatureMeasTypes: '-71' is not a measure type code; use comma-separated positive numbers, for example 1,5,6")]
    [TestCase("BloodPressureMeasTypes", "0", "Withings:Planning:BloodPressureMeasTypes: '0' is not a measure type code; use comma-separated positive numbers, for example 1,5,6")]
    [TestCase("MaxSplitWindow", "-1.00:00:00", "Withings:Planning:MaxSplitWindow: must be between 00:00:00.0000001 and 366.00:00:00.")]
    public void Options_InvalidPlanningSetting_FailValidationNamingTheKey(string key, string value, string message)
    {
        using var provider = Provider(new Dictionary<string, string?> { ["Withings:Planning:" + key] = value });

        var act = () => provider.GetRequiredService<IOptions<WithingsOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().Equal(message);
    }

    [Test]
    public void Plan_DataFieldsFromConfiguration_AreSentTrimmedOrLeftOut()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Withings:Planning:SleepDataFields"] = " hr, rr ,,snoring ",
            ["Withings:Planning:SleepSummaryDataFields"] = "",
            ["Withings:Planning:Lookback"] = "2.00:00:00",
        }).Build();
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1709400000)))
            .AddWithingsNotifications(configuration.GetSection("Withings")).Services
            .BuildServiceProvider();
        var planner = provider.GetRequiredService<FetchPlanner>();

        var plan = planner.Plan(Parser.Parse("userid=1&appli=44"));

        // Lookback 2 days: since = 1709400000 - 172800 = 1709227200, two sleep windows up to now.
        plan.Requests.Select(FetchPlannerTests.Describe).Should().Equal(
            "/v2/sleep action=get&startdate=1709227200&enddate=1709313600&data_fields=hr,rr,snoring",
            "/v2/sleep action=get&startdate=1709313600&enddate=1709400000&data_fields=hr,rr,snoring",
            "/v2/sleep action=getsummary&lastupdate=1709227200");
    }

    [Test]
    public void Plan_OptionsChangedAfterAPlan_AreUsedByTheNext()
    {
        var planning = new WithingsPlanningOptions();
        var planner = FetchPlannerTests.Planner(planning);
        var notification = Parser.Parse("userid=1&appli=16&date=2018-07-03");
        planner.Plan(notification).Requests[0].GetField("data_fields").Should().Be(Activity);

        planning.ActivityDataFields = "steps";

        planner.Plan(notification).Requests[0].ToFormString().Should().Be("action=getactivity&startdateymd=2018-07-03&enddateymd=2018-07-03&data_fields=steps");
    }

    [TestCase(0, "Withings:Planning:Lookback: must be between 00:00:00.0000001 and 366.00:00:00.")]
    [TestCase(-1, "Withings:Planning:Lookback: must be between 00:00:00.0000001 and 366.00:00:00.")]
    [TestCase(367 * 24, "Withings:Planning:Lookback: must be between 00:00:00.0000001 and 366.00:00:00.")]
    public void Plan_LookbackOutOfRange_ThrowsNamingTheSetting(int hours, string message)
    {
        var planner = FetchPlannerTests.Planner(new WithingsPlanningOptions { Lookback = TimeSpan.FromHours(hours) });

        var act = () => planner.Plan(Parser.Parse("userid=1&appli=1"));

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().Equal(message);
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1709400000)))
            .AddWithingsNotifications(configuration.GetSection("Withings")).Services
            .BuildServiceProvider();
    }
}
