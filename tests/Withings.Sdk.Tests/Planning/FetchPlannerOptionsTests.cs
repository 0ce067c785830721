using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static Withings.Sdk.Tests.Planning.DataFields;

namespace Withings.Sdk.Tests.Planning;

/// <summary>PLANNING.md: the data_fields lists and the lookback are options [ours].</summary>
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

    [TestCase(0, "Withings:Planning:Lookback: must be more than 0")]
    [TestCase(-1, "Withings:Planning:Lookback: must be more than 0")]
    [TestCase(367 * 24, "Withings:Planning:Lookback: 367.00:00:00 is more than 366 days, the most allowed (default 1.00:00:00)")]
    public void Plan_LookbackOutOfRange_ThrowsNamingTheSetting(int hours, string message)
    {
        var planner = FetchPlannerTests.Planner(new WithingsPlanningOptions { Lookback = TimeSpan.FromHours(hours) });

        var act = () => planner.Plan(Parser.Parse("userid=1&appli=1"));

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().Equal(message);
    }
}
