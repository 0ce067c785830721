using System.Text.Json;

namespace Withings.Sdk.Sample.Tests;

/// <summary>The sample's <c>plan</c> command, as the sample's documented command line (README) specifies it: one JSON line per input line.</summary>
[NonParallelizable]
public sealed class PlanCommandTests
{
    private static async Task<(int ExitCode, string[] Lines)> RunAsync(string stdin, params string[] args)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await SampleApp.RunAsync(["plan", .. args], input, output, error);
        return (exitCode, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Test]
    public async Task Plan_SeedExampleOnStdin_PrintsGetmeasForEveryMeasureType()
    {
        // Withings' documented example body; no meastypes, so every type the scale sent is fetched.
        var (exitCode, lines) = await RunAsync("foo=bar&userid=12345&appli=1&startdate=1530576000&enddate=1530698753\n");

        exitCode.Should().Be(0);
        lines.Should().Equal(
            """{"ok":true,"appli":1,"userid":12345,"category":"weight","requests":[{"userid":12345,"method":"POST","url":"https://wbsapi.withings.net/measure","form":{"action":"getmeas","category":"1","startdate":"1530576000","enddate":"1530698753"},"signed":false}]}""");
    }

    [Test]
    public async Task Plan_MixedLines_OneLinePerInputLineInOrderAndExitCode1()
    {
        var (exitCode, lines) = await RunAsync(
            "userid=1&appli=50&date=1530576000&deviceid=abc\n\nappli=53&mac=00:24:e4:aa:bb:cc\nuserid=7&appli=60\n",
            "--now", "1709400000", "--since", "1709000000");

        exitCode.Should().Be(1);
        lines.Should().Equal(
            """{"ok":true,"appli":50,"userid":1,"category":"bed_in","requests":[],"reason":"appli 50 (bed in): an event with no data to fetch"}""",
            """{"ok":false,"error":"appli: missing; every notification names its category (for example appli=1)"}""",
            """{"ok":true,"appli":53,"userid":null,"category":"no_account_associated","requests":[{"userid":null,"method":"POST","url":"https://wbsapi.withings.net/v2/user","form":{"action":"link","mac_addresses":"[\"00:24:e4:aa:bb:cc\"]"},"signed":false}]}""",
            """{"ok":true,"appli":60,"userid":7,"category":"survey","requests":[{"userid":7,"method":"POST","url":"https://wbsapi.withings.net/v2/answers","form":{"action":"get","userid":"7","startdate":"1709000000"},"signed":true}]}""");
    }

    [Test]
    public async Task Plan_BodyArgumentWithTimeZone_PlansTheLocalDay()
    {
        // Europe/Paris falls back on 2024-10-27: two intraday windows.
        var (exitCode, lines) = await RunAsync(string.Empty, "userid=12345&appli=16&date=2024-10-27", "--tz", "Europe/Paris");

        exitCode.Should().Be(0);
        using var json = JsonDocument.Parse(lines.Single());
        json.RootElement.GetProperty("requests").EnumerateArray()
            .Select(r => r.GetProperty("form").GetProperty("action").GetString() + " " + (r.GetProperty("form").TryGetProperty("startdate", out var s) ? s.GetString() : r.GetProperty("form").GetProperty("startdateymd").GetString()))
            .Should().Equal("getactivity 2024-10-27", "getintradayactivity 1729980000", "getintradayactivity 1730066400", "getworkouts 2024-10-27");
    }

    [Test]
    public async Task Plan_Batch_PrintsOneCoalescedLine()
    {
        var (exitCode, lines) = await RunAsync(
            "userid=1&appli=1&startdate=1530576000&enddate=1530600000\nuserid=1&appli=1&startdate=1530590000&enddate=1530620000\nuserid=1&appli=1&startdate=1530576000&enddate=1530600000\n",
            "--batch");

        exitCode.Should().Be(0);
        lines.Should().Equal(
            """{"ok":true,"requests":[{"userid":1,"method":"POST","url":"https://wbsapi.withings.net/measure","form":{"action":"getmeas","category":"1","startdate":"1530576000","enddate":"1530620000"},"signed":false}]}""");
    }

    [Test]
    public async Task Plan_BatchOfWeightTemperatureAndPressure_PrintsOneGetmeas()
    {
        var (exitCode, lines) = await RunAsync(
            "userid=1&appli=1&startdate=1530576000&enddate=1530600000\nuserid=1&appli=2&startdate=1530576000&enddate=1530600000\nuserid=1&appli=4&startdate=1530576000&enddate=1530600000\n",
            "--batch");

        exitCode.Should().Be(0);
        lines.Should().Equal(
            """{"ok":true,"requests":[{"userid":1,"method":"POST","url":"https://wbsapi.withings.net/measure","form":{"action":"getmeas","category":"1","startdate":"1530576000","enddate":"1530600000"},"signed":false}]}""");
    }

    [Test]
    public async Task Plan_Urine_IsTypedAndPlannedAsGetmeas()
    {
        var (exitCode, lines) = await RunAsync("userid=12345&appli=63\n", "--now", "1709400000", "--since", "1709000000");

        exitCode.Should().Be(0);
        lines.Should().Equal(
            """{"ok":true,"appli":63,"userid":12345,"category":"urine","requests":[{"userid":12345,"method":"POST","url":"https://wbsapi.withings.net/measure","form":{"action":"getmeas","category":"1","lastupdate":"1709000000"},"signed":false}]}""");
    }

    [Test]
    public async Task Parse_Urine_PrintsItsCategoryAndRecord()
    {
        using var input = new StringReader(string.Empty);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await SampleApp.RunAsync(["parse", "userid=12345&appli=63&startdate=1530576000&enddate=1530698753"], input, output, error);

        exitCode.Should().Be(0);
        output.ToString().Should().StartWith("""{"ok":true,"appli":63,"userid":12345,"category":"urine","type":"UrineNotification","startdate":1530576000,""");
    }

    [Test]
    public async Task Plan_StethoscopeWithoutWindow_PrintsGetmeasThenTheStethoListReachingBackTheLateness()
    {
        // since - 7 days: 1709000000 - 604800 = 1708395200.
        var (exitCode, lines) = await RunAsync("userid=12345&appli=61\n", "--now", "1709400000", "--since", "1709000000");

        exitCode.Should().Be(0);
        lines.Should().Equal(
            """{"ok":true,"appli":61,"userid":12345,"category":"stethoscope","requests":[{"userid":12345,"method":"POST","url":"https://wbsapi.withings.net/measure","form":{"action":"getmeas","category":"1","lastupdate":"1709000000"},"signed":false},{"userid":12345,"method":"POST","url":"https://wbsapi.withings.net/v2/stetho","form":{"action":"list","startdate":"1708395200","enddate":"1709400000"},"signed":false}]}""");
    }

    [Test]
    public async Task Plan_EcgWithoutWindow_ListsFromTheCursorMinusTheLateness()
    {
        var (exitCode, lines) = await RunAsync("userid=12345&appli=54\n", "--now", "1709400000", "--since", "1709000000");

        exitCode.Should().Be(0);
        lines.Should().Equal(
            """{"ok":true,"appli":54,"userid":12345,"category":"ecg","requests":[{"userid":12345,"method":"POST","url":"https://wbsapi.withings.net/v2/heart","form":{"action":"list","startdate":"1708395200","enddate":"1709400000"},"signed":false}]}""");
    }

    [Test]
    public async Task Plan_SleepWithoutWindowAndAStaleCursor_PrintsWhatTheLookbackLeftOut()
    {
        // Cursor 5 days before now: the 24 h lookback is planned, the 4 days before it are listed as omitted.
        var (exitCode, lines) = await RunAsync("userid=12345&appli=44\n", "--now", "1709400000", "--since", "1708968000");

        exitCode.Should().Be(0);
        using var json = JsonDocument.Parse(lines.Single());
        var root = json.RootElement;
        root.GetProperty("requests").EnumerateArray().Select(r => r.GetProperty("form").GetProperty("action").GetString()).Should().Equal("get", "getsummary");
        var omitted = root.GetProperty("omitted").EnumerateArray().Should().ContainSingle().Subject;
        (omitted.GetProperty("userid").GetInt64(), omitted.GetProperty("url").GetString(), omitted.GetProperty("action").GetString()).Should().Be((12345L, "https://wbsapi.withings.net/v2/sleep", "get"));
        (omitted.GetProperty("startdate").GetInt64(), omitted.GetProperty("enddate").GetInt64(), omitted.GetProperty("requests").GetInt64()).Should().Be((1708968000L, 1709313600L, 4L));
        omitted.GetProperty("kind").GetString().Should().Be("older_than_lookback");
        omitted.GetProperty("reason").GetString().Should().Contain("Withings:Planning:Lookback (1.00:00:00)");
    }

    [Test]
    public async Task Plan_BatchWithBadLines_StillOneLineListingThemAndExitCode1()
    {
        var (exitCode, lines) = await RunAsync("userid=1&appli=54&startdate=1530576000&enddate=1530600000\nappli=1\n", "--batch");

        exitCode.Should().Be(1);
        lines.Should().Equal(
            """{"ok":false,"error":"1 of 2 lines could not be parsed and are not in the plan","requests":[{"userid":1,"method":"POST","url":"https://wbsapi.withings.net/v2/heart","form":{"action":"list","startdate":"1530576000","enddate":"1530600000"},"signed":false}],"errors":[{"line":2,"error":"userid: missing; every category but 53 names the Withings user"}]}""");
    }

    [TestCase("userid=1&appli=16&startdate=0&enddate=253402300799", "getintradayactivity", 33, 253402300799L)]
    [TestCase("userid=1&appli=44&startdate=0&enddate=2147483647", "get", 32, 2147483647L)]
    public async Task Plan_IssueElevensHugeWindows_PrintAFewDozenRequestsAndWhatWasLeftOut(string body, string action, int requests, long end)
    {
        // Before the MaxSplitWindow bound: 2 932 899 and 24 857 requests.
        var (exitCode, lines) = await RunAsync(body + "\n", "--now", "1709400000");

        exitCode.Should().Be(0);
        using var json = JsonDocument.Parse(lines.Single());
        var root = json.RootElement;
        root.GetProperty("ok").GetBoolean().Should().BeTrue();
        root.GetProperty("requests").GetArrayLength().Should().Be(requests);
        root.GetProperty("omitted").EnumerateArray()
            .Select(o => $"{o.GetProperty("action").GetString()} {o.GetProperty("startdate").GetInt64()}-{o.GetProperty("enddate").GetInt64()} {o.GetProperty("kind").GetString()}")
            .Should().Equal($"{action} 0-1706721600 older_than_max_split_window", $"{action} 1709400000-{end} after_now");
        root.GetProperty("omitted")[0].GetProperty("requests").GetInt64().Should().Be(19754);
        root.GetProperty("omitted")[0].GetProperty("url").GetString().Should().StartWith("https://wbsapi.withings.net/v2/");
    }

    [Test]
    public async Task Plan_HugeWindowsInABatch_OneLineWithTheMergedOmissions()
    {
        var (exitCode, lines) = await RunAsync(
            "userid=1&appli=44&startdate=0&enddate=2147483647\nuserid=1&appli=44&startdate=5&enddate=2147483647\n", "--batch", "--now", "1709400000");

        exitCode.Should().Be(0);
        using var json = JsonDocument.Parse(lines.Single());
        json.RootElement.GetProperty("requests").GetArrayLength().Should().Be(32, "31 sleep windows and one getsummary (both ranges are 1969-12-31..2038-01-19)");
        json.RootElement.GetProperty("omitted").GetArrayLength().Should().Be(2);
    }

    [Test]
    public async Task Plan_WithoutTz_WidensTheSummaryDaysAndWithTzUtcDoesNot()
    {
        // The Tokyo night of issue 14: 2024-03-01 23:43 to 2024-03-02 08:35 local.
        const string body = "userid=13371337&appli=44&startdate=1709304180&enddate=1709336100";

        var (_, unknown) = await RunAsync(string.Empty, body, "--now", "1709400000");
        var (_, utc) = await RunAsync(string.Empty, body, "--now", "1709400000", "--tz", "UTC");

        unknown.Single().Should().Contain("\"startdateymd\":\"2024-03-01\",\"enddateymd\":\"2024-03-02\"").And.NotContain("omitted");
        utc.Single().Should().Contain("\"startdateymd\":\"2024-03-01\",\"enddateymd\":\"2024-03-01\"");
    }

    [Test]
    public async Task Plan_UnknownTimeZone_IsAClearError()
    {
        var (exitCode, lines) = await RunAsync(string.Empty, "userid=1&appli=1", "--tz", "Mars/Olympus");

        exitCode.Should().Be(2);
        lines.Should().Equal("""{"ok":false,"error":"--tz: 'Mars/Olympus' is not a known IANA time zone (for example Europe/Paris)"}""");
    }

    [Test]
    public async Task Plan_ApiBaseAddressFromEnvironment_IsUsedInUrls()
    {
        var previous = Environment.GetEnvironmentVariable("Withings__ApiBaseAddress");
        Environment.SetEnvironmentVariable("Withings__ApiBaseAddress", "http://127.0.0.1:5080");
        try
        {
            var (_, lines) = await RunAsync(string.Empty, "userid=1&appli=54&startdate=1530576000&enddate=1530600000");

            using var json = JsonDocument.Parse(lines.Single());
            json.RootElement.GetProperty("requests")[0].GetProperty("url").GetString().Should().Be("http://127.0.0.1:5080/v2/heart");
        }
        finally
        {
            Environment.SetEnvironmentVariable("Withings__ApiBaseAddress", previous);
        }
    }
}
