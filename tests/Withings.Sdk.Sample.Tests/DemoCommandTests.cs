namespace Withings.Sdk.Sample.Tests;

/// <summary>The sample's default run (issue 5): an offline demo that reads well in an 80-column terminal.</summary>
[NonParallelizable]
public sealed class DemoCommandTests
{
    private int _exitCode;
    private string[] _lines = [];
    private string _stderr = string.Empty;

    [OneTimeSetUp]
    public async Task RunTheDemoOnce()
    {
        using var input = new StringReader(string.Empty);
        using var output = new StringWriter();
        using var error = new StringWriter();
        _exitCode = await SampleApp.RunAsync([], input, output, error);
        _lines = output.ToString().Split(Environment.NewLine);
        _stderr = error.ToString();
    }

    [Test]
    public void Demo_NoArguments_ExitsZeroWithNothingOnStandardError()
    {
        _exitCode.Should().Be(0, _stderr);
        _stderr.Should().BeEmpty();
    }

    [Test]
    public void Demo_Subscriptions_OneLinePerSubscribedCategoryThenTheList()
    {
        _lines.Should().ContainInOrder(
            "  subscribe appli  1 weight          ok",
            "  subscribe appli  4 blood pressure  ok",
            "  subscribe appli 16 activity        ok",
            "  subscribe appli 44 sleep           ok",
            "  subscribe appli 46 user profile    ok",
            "  list: 5 subscriptions",
            "    appli  1 weight          https://demo.example.com/withings/notify",
            "    appli  4 blood pressure  https://demo.example.com/withings/notify",
            "    appli 16 activity        https://demo.example.com/withings/notify",
            "    appli 44 sleep           https://demo.example.com/withings/notify",
            "    appli 46 user profile    https://demo.example.com/withings/notify");
    }

    [Test]
    public void Demo_GetOfAnUnsubscribedCategory_ShowsTheRefusalStatus()
    {
        // docs/withings-api.md §2-3: HTTP 200 with status 343, "no notification matching the criteria".
        _lines.Should().ContainInOrder(
            "  get appli 54 ecg             refused: status 343",
            "    (InvalidParams: no notification matching the criteria)");
    }

    [Test]
    public void Demo_SeedExample_PlannedAsGetmeasForEveryType()
    {
        // Withings' notification page, "Payload Example" (docs/withings-api.md §1): the call that follows its body.
        var seed = Array.IndexOf(_lines, "     foo=bar&userid=12345&appli=1&startdate=1530576000&enddate=1530698753");

        seed.Should().BePositive();
        _lines.Skip(seed + 1).TakeWhile(l => l.Length > 0).Should().ContainInOrder(
            "     WeightNotification: appli 1 (weight), user 12345",
            "     fields kept: foo=bar",
            "     -> /measure getmeas category=1 startdate=1530576000 enddate=1530698753");
    }

    [Test]
    public void Demo_CapturedSleepBody_PlannedAsSleepGetAndSummary()
    {
        // docs/planning.md, row 44: one sleep get per 24-hour window, then getsummary over the days.
        _lines.Should().ContainInOrder(
            "     userid=13371337&startdate=1709336580&enddate=1709368500&appli=44",
            "     SleepNotification: appli 44 (sleep), user 13371337",
            "     -> /v2/sleep get startdate=1709336580 enddate=1709368500",
            "     -> /v2/sleep getsummary startdateymd=2024-03-01 enddateymd=2024-03-02");
    }

    [Test]
    public void Demo_UrineBody_TypedAndPlannedAsGetmeas()
    {
        // docs/planning.md row 63: a U-Scan's notification is a typed category, planned like glucose.
        _lines.Should().ContainInOrder(
            "     userid=12345&appli=63",
            "     UrineNotification: appli 63 (urine), user 12345",
            "     -> /measure getmeas category=1 lastupdate=1709294400");
    }

    [Test]
    public void Demo_WeightPlan_RunAgainstTheLookAlikeShowsRealValues()
    {
        // docs/withings-api.md §4-5: value × 10^unit; 7200 × 10^-2 kg is 72.00 kg.
        _lines.Should().ContainInOrder(
            "3. Run the weight plan against the look-alike (IWithingsDataClient)",
            "     -> /measure getmeas category=1 startdate=1530576000 enddate=1530698753",
            "       ok: 1 page, 1 measure group",
            "       measured 2018-07-03 07:00Z (group 12)",
            "           1 weight                    72.00 kg",
            "           6 fat ratio                 23.45 %",
            "          91 pulse wave velocity         7.1 m/s");
    }

    [Test]
    public void Demo_LastLine_CountsTheCallsThatReachedTheLookAlike()
    {
        // 5 subscribes, 1 list, 1 refused get, 1 getmeas.
        _lines.Where(l => l.Length > 0).Last().Should().Be("8 calls reached the look-alike; none left this machine.");
    }

    [Test]
    public void Demo_GarbageLine_ShowsTheTypedErrorNamingTheField()
    {
        _lines.Should().ContainInOrder(
            "     userid=12345&appli=1&startdate=yesterday",
            "     NotificationParseError MalformedField, field 'startdate':",
            "       startdate: 'yesterday' is not a unix timestamp");
    }

    [Test]
    public void Demo_EveryLine_FitsAnEightyColumnTerminal()
    {
        _lines.Where(l => l.Length > 80).Should().BeEmpty();
    }

    [Test]
    public void Demo_Output_HasNoExceptionOrStackTrace()
    {
        var text = string.Join('\n', _lines);

        text.Should().NotContain("Exception").And.NotContain("   at ");
    }

    [Test]
    public void Demo_Output_NeverShowsTheAccessToken()
    {
        string.Join('\n', _lines).Should().NotContain("demo-access-token").And.NotContain("Bearer");
    }

    [Test]
    public async Task Demo_UnknownOption_IsAUsageErrorWithExitCode2()
    {
        using var input = new StringReader(string.Empty);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await SampleApp.RunAsync(["demo", "--fast"], input, output, error);

        exitCode.Should().Be(2);
        output.ToString().Should().Be("""{"ok":false,"error":"unknown option '--fast'"}""" + Environment.NewLine);
    }
}
