using System.Text.Json;
using System.Text.Json.Nodes;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Data;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Sample.Tests;

/// <summary>
/// The sample's <c>fetch</c> and <c>token refresh</c> commands as the sample's documented command line (README) specifies them, against a Withings
/// look-alike on a loopback socket, configured the usual .NET way through environment variables.
/// </summary>
[NonParallelizable]
public sealed class FetchCommandTests
{
    // The client id and secret of Withings' own documentation samples.
    private const string ClientId = "7573fd4a4c421ddd102dac406dc6e0e0e22f683c4a5e81ff0a5caf8b65abed67";
    private const string ClientSecret = "d9286311451fc6ed71b372a075c58c5058be158f56a77865e43ab3783255424f";

    private static readonly string[] Variables = ["Withings__ApiBaseAddress", "Withings__ClientId", "Withings__ClientSecret", "Withings__Fetch__MaxPages", "WITHINGS_ACCESS_TOKEN"];
    private readonly Dictionary<string, string?> _saved = [];

    [SetUp]
    public void SaveEnvironment()
    {
        foreach (var name in Variables)
        {
            _saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [TearDown]
    public void RestoreEnvironment()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    [Test]
    public async Task Fetch_WeightNotificationOverThreePages_PrintsOneLineWithEveryMeasureAsARealValue()
    {
        await using var server = await WithingsLookAlike.StartAsync();
        server.Map("/measure", "getmeas", call => WithingsReply.Json(call.Field("offset") switch
        {
            null => Fixture.Response("getmeas.page1.json"),
            "1" => Fixture.Response("getmeas.page2.json"),
            _ => Fixture.Response("getmeas.page3.json"),
        }));
        Environment.SetEnvironmentVariable("Withings__ApiBaseAddress", server.BaseAddress.AbsoluteUri);
        Environment.SetEnvironmentVariable("WITHINGS_ACCESS_TOKEN", "a075f8c14fb8df40b08ebc8508533dc332a6910a");

        var (exitCode, lines, _) = await RunAsync(string.Empty, "fetch", "foo=bar&userid=12345&appli=1&startdate=1530576000&enddate=1530698753");

        exitCode.Should().Be(0);
        var line = JsonNode.Parse(lines.Single())!.AsObject();
        var records = line["records"]!;
        line.Remove("records");
        line.ToJsonString().Should().Be(
            "{\"ok\":true,\"url\":\"" + server.BaseAddress.AbsoluteUri + "measure\",\"action\":\"getmeas\",\"pages\":3,\"rows\":3,\"measures\":["
            + """{"type":1,"value":72.00,"date":1594245600},{"type":6,"value":23.45,"date":1594245600},"""
            + """{"type":1,"value":65.750,"date":1594332000},{"type":76,"value":54.10,"date":1594332000},"""
            + """{"type":999,"value":71,"date":1594418400}]}""");
        lines.Single().Should().Contain("\"rows\":3,\"records\":[", "records follow rows");

        // The records are Withings' own rows, every field with its typed value, in page order.
        var sent = new[] { "getmeas.page1.json", "getmeas.page2.json", "getmeas.page3.json" }
            .SelectMany(f => JsonNode.Parse(Fixture.Response(f))!["body"]!["measuregrps"]!.AsArray())
            .Select(row => CanonicalJson.Of(row!));
        records.AsArray().Select(row => CanonicalJson.Of(row!)).Should().Equal(sent);
        server.Requests.Select(c => c.BearerToken).Should().AllBe("a075f8c14fb8df40b08ebc8508533dc332a6910a");
    }

    [Test]
    public async Task Fetch_MorePagesThanTheCap_ReadsOnFromWithingsOffsetToTheLastPage()
    {
        await using var server = await WithingsLookAlike.StartAsync();
        server.Map("/measure", "getmeas", call => WithingsReply.Json(call.Field("offset") switch
        {
            null => Fixture.Response("getmeas.page1.json"),
            "1" => Fixture.Response("getmeas.page2.json"),
            _ => Fixture.Response("getmeas.page3.json"),
        }));
        Environment.SetEnvironmentVariable("Withings__ApiBaseAddress", server.BaseAddress.AbsoluteUri);
        Environment.SetEnvironmentVariable("Withings__Fetch__MaxPages", "2");
        Environment.SetEnvironmentVariable("WITHINGS_ACCESS_TOKEN", "a075f8c14fb8df40b08ebc8508533dc332a6910a");

        var (exitCode, lines, _) = await RunAsync(string.Empty, "fetch", "userid=12345&appli=1&startdate=1530576000&enddate=1530698753");

        exitCode.Should().Be(0);
        server.Requests.Select(r => r.Field("offset")).Should().Equal(null, "1", "2");
        using var line = JsonDocument.Parse(lines.Single());
        line.RootElement.GetProperty("ok").GetBoolean().Should().BeTrue();
        line.RootElement.GetProperty("pages").GetInt32().Should().Be(3, "the page cap bounds one step, not what is read");
        line.RootElement.GetProperty("rows").GetInt32().Should().Be(3);
        line.RootElement.GetProperty("measures").GetArrayLength().Should().Be(5);
        line.RootElement.TryGetProperty("truncated", out _).Should().BeFalse();
    }

    [Test]
    public async Task Fetch_EcgNotification_PrintsTheHeartListThenOneLinePerSignal()
    {
        await using var server = await WithingsLookAlike.StartAsync();
        server.Map("/v2/heart", "list", _ => WithingsReply.Json(Fixture.Response("heart-list.json")));
        server.Map("/v2/heart", "get", _ => WithingsReply.Json(Fixture.Response("heart-get.json")));
        Environment.SetEnvironmentVariable("Withings__ApiBaseAddress", server.BaseAddress.AbsoluteUri);
        Environment.SetEnvironmentVariable("WITHINGS_ACCESS_TOKEN", "a075f8c14fb8df40b08ebc8508533dc332a6910a");

        var (exitCode, lines, _) = await RunAsync(string.Empty, "fetch", "userid=12345&appli=54&startdate=1530576000&enddate=1530576030");

        exitCode.Should().Be(0);
        lines.Should().HaveCount(2);
        var list = JsonNode.Parse(lines[0])!;
        list["action"]!.GetValue<string>().Should().Be("list");
        list["records"]![0]!["ecg"]!["signalid"]!.GetValue<long>().Should().Be(48);
        var signal = JsonNode.Parse(lines[1])!;
        signal["ok"]!.GetValue<bool>().Should().BeTrue();
        signal["action"]!.GetValue<string>().Should().Be("get");
        signal["url"]!.GetValue<string>().Should().Be(server.BaseAddress.AbsoluteUri + "v2/heart");
        CanonicalJson.Of(signal["records"]![0]!).Should().Be(CanonicalJson.Of(JsonNode.Parse(Fixture.Response("heart-get.json"))!["body"]!));
        server.Requests[^1].Form.Should().Contain("signalid", "48");
    }

    [Test]
    public async Task Fetch_SleepSummaryWithOneOddNight_PrintsTheTypedNightAndKeepsTheOtherRawWithoutFailing()
    {
        await using var server = await WithingsLookAlike.StartAsync();
        var envelope = JsonNode.Parse(Fixture.Response("sleep-getsummary.json"))!;
        var series = envelope["body"]!["series"]!.AsArray();
        var odd = series[0]!.DeepClone();
        odd["id"] = 12346;
        odd["data"]!["hr_average"] = 55.5;
        series.Add(odd);
        server.Map("/v2/sleep", "getsummary", _ => WithingsReply.Json(envelope.ToJsonString()));
        Environment.SetEnvironmentVariable("Withings__ApiBaseAddress", server.BaseAddress.AbsoluteUri);
        Environment.SetEnvironmentVariable("WITHINGS_ACCESS_TOKEN", "a075f8c14fb8df40b08ebc8508533dc332a6910a");

        var (exitCode, lines, _) = await RunAsync(string.Empty, "fetch", "userid=12345&appli=44&startdate=1594245600&enddate=1594257200");

        exitCode.Should().Be(0, "an odd row is reported, not a failure");
        var summary = JsonNode.Parse(lines.Single(l => l.Contains("\"action\":\"getsummary\"", StringComparison.Ordinal)))!;
        summary["ok"]!.GetValue<bool>().Should().BeTrue();
        summary["rows"]!.GetValue<int>().Should().Be(2);
        summary["records"]!.AsArray().Select(r => r!["id"]!.GetValue<long>()).Should().Equal(12345);
        var unread = summary["unread"]!.AsArray().Should().ContainSingle().Subject!;
        unread["path"]!.GetValue<string>().Should().Be("series[1]");
        unread["field"]!.GetValue<string>().Should().Be("data.hr_average");
        CanonicalJson.Of(unread["json"]!).Should().Be(CanonicalJson.Of(odd));
    }

    [Test]
    public async Task Fetch_RefusedRequestAndBadLine_PrintsTheFailuresInOrderAndExits1()
    {
        await using var server = await WithingsLookAlike.StartAsync();
        server.Map(_ => WithingsReply.Json(Fixture.Response("status401.json")));
        Environment.SetEnvironmentVariable("Withings__ApiBaseAddress", server.BaseAddress.AbsoluteUri);
        Environment.SetEnvironmentVariable("WITHINGS_ACCESS_TOKEN", "revoked-token");

        var (exitCode, lines, stderr) = await RunAsync(
            "userid=12345&appli=4&startdate=1530576000&enddate=1530698753\nappli=x\nuserid=1&appli=50&date=1530576000\n",
            "fetch");

        exitCode.Should().Be(1);
        lines.Should().HaveCount(2);
        using (var refused = JsonDocument.Parse(lines[0]))
        {
            refused.RootElement.GetProperty("ok").GetBoolean().Should().BeFalse();
            refused.RootElement.GetProperty("action").GetString().Should().Be("getmeas");
            refused.RootElement.GetProperty("pages").GetInt32().Should().Be(0);
            refused.RootElement.GetProperty("status").GetInt32().Should().Be(401);
            refused.RootElement.GetProperty("family").GetString().Should().Be("AuthenticationFailed");
        }

        lines[1].Should().StartWith("""{"ok":false,"error":"appli:""");
        stderr.Should().Contain("appli 50: nothing to fetch");
        string.Join("\n", lines).Should().NotContain("revoked-token");
    }

    [Test]
    public async Task Fetch_NoAccessToken_FailsBeforeAnyRequest()
    {
        await using var server = await WithingsLookAlike.StartAsync();
        server.Map(_ => WithingsReply.Json(Fixture.Response("getmeas.page3.json")));
        Environment.SetEnvironmentVariable("Withings__ApiBaseAddress", server.BaseAddress.AbsoluteUri);

        var (exitCode, lines, _) = await RunAsync(string.Empty, "fetch", "userid=12345&appli=1&startdate=1530576000&enddate=1530698753");

        exitCode.Should().Be(1);
        lines.Should().Equal("""{"ok":false,"error":"WITHINGS_ACCESS_TOKEN is not set: export the user's access token before running fetch"}""");
        server.Requests.Should().BeEmpty();
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task TokenRefresh_ValidRefreshToken_PrintsExpiryAndScopeAndTheTokensOnlyWithShow(bool show)
    {
        await using var server = await WithingsLookAlike.StartAsync();
        server.Map(_ => WithingsReply.Json(Fixture.Response("requesttoken.json")));
        Environment.SetEnvironmentVariable("Withings__ApiBaseAddress", server.BaseAddress.AbsoluteUri);
        Environment.SetEnvironmentVariable("Withings__ClientId", ClientId);
        Environment.SetEnvironmentVariable("Withings__ClientSecret", ClientSecret);
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var (exitCode, lines, _) = await RunAsync(string.Empty, show ? ["token", "refresh", "--refresh-token", "0ae7ab5e8f9ca5f3c9c6f54ba0ee7cf3c6f01f9a", "--show"] : ["token", "refresh", "--refresh-token", "0ae7ab5e8f9ca5f3c9c6f54ba0ee7cf3c6f01f9a"]);

        exitCode.Should().Be(0);
        server.Requests.Single().Form["refresh_token"].Should().Be("0ae7ab5e8f9ca5f3c9c6f54ba0ee7cf3c6f01f9a");
        using var json = JsonDocument.Parse(lines.Single());
        json.RootElement.GetProperty("ok").GetBoolean().Should().BeTrue();
        json.RootElement.GetProperty("userid").GetInt64().Should().Be(363);
        json.RootElement.GetProperty("scope").GetString().Should().Be("user.info,user.metrics");
        json.RootElement.GetProperty("expires_at").GetInt64().Should().BeInRange(before + 10800, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 10800);
        lines.Single().Contains("a075f8c14fb8df40b08ebc8508533dc332a6910a", StringComparison.Ordinal).Should().Be(show);
        lines.Single().Contains("f631236f02b991810feb774765b6ae8e6c6839ca", StringComparison.Ordinal).Should().Be(show);
        lines.Single().Should().NotContain(ClientSecret);
    }

    [Test]
    public async Task TokenRefresh_NoClientSecret_PrintsTheMissingSetting()
    {
        Environment.SetEnvironmentVariable("Withings__ClientId", ClientId);

        var (exitCode, lines, _) = await RunAsync(string.Empty, "token", "refresh", "--refresh-token", "0ae7ab5e8f9ca5f3c9c6f54ba0ee7cf3c6f01f9a");

        exitCode.Should().Be(1);
        using var json = JsonDocument.Parse(lines.Single());
        json.RootElement.GetProperty("ok").GetBoolean().Should().BeFalse();
        json.RootElement.GetProperty("status").ValueKind.Should().Be(JsonValueKind.Null);
        json.RootElement.GetProperty("error").GetString().Should().StartWith("Withings:ClientSecret is not configured");
    }

    private static async Task<(int ExitCode, string[] Lines, string Stderr)> RunAsync(string stdin, params string[] args)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await SampleApp.RunAsync(args, input, output, error);
        return (exitCode, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), error.ToString());
    }
}
