using System.Globalization;
using System.Text.Json.Nodes;
using Withings.Sdk.Testing;

namespace Withings.Sdk.Sample.Tests;

/// <summary>
/// The sample's <c>backfill</c> command against a Withings look-alike on a loopback socket: one progress line per
/// request when standard error is redirected, a progress bar when it is a terminal, and the totals last.
/// </summary>
[NonParallelizable]
public sealed class BackfillCommandTests
{
    private const string Token = "a075f8c14fb8df40b08ebc8508533dc332a6910a";
    private static readonly string[] Variables = ["Withings__ApiBaseAddress", "WITHINGS_ACCESS_TOKEN"];
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
    public async Task Backfill_redirected_prints_a_line_per_request_then_the_totals()
    {
        await using var server = await WithingsLookAlike.StartAsync();
        server.Map("/measure", "getmeas", call => WithingsReply.Ok($$"""
            {"updatetime":1709400000,"timezone":"Europe/Paris","measuregrps":[{"grpid":{{call.Field("startdate")}},"attrib":0,"date":{{call.Field("startdate")}},"created":{{call.Field("startdate")}},"modified":{{call.Field("startdate")}},"category":1,"deviceid":"892359876fd8805ac45bab078c4828692f0276b1","measures":[{"value":7200,"type":1,"unit":-2}]}],"more":0,"offset":0}
            """));
        Environment.SetEnvironmentVariable("Withings__ApiBaseAddress", server.BaseAddress.AbsoluteUri);
        Environment.SetEnvironmentVariable("WITHINGS_ACCESS_TOKEN", Token);
        var since = DateTimeOffset.UtcNow.AddDays(-2).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await SampleApp.RunAsync(["backfill", "--userid", "12345", "--since", since], new StringReader(string.Empty), output, error);

        exitCode.Should().Be(0, error.ToString());
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var sent = server.Requests.Count;
        sent.Should().BeGreaterThan(4, "getmeas, daily activity, workouts, sleep summaries and the 24-hour windows");
        server.Requests.Should().OnlyContain(r => r.BearerToken == Token);
        lines.SkipLast(1).Select(l => l.ToJsonString()).Should().Equal(
            Enumerable.Range(1, sent).Select(n => $$"""{"ok":true,"userid":12345,"done":{{n}},"remaining":{{sent - n}}}"""));

        // One measure group (the one getmeas answers); the other services answer empty.
        server.Requests.Should().ContainSingle(r => r.Action == "getmeas").Which.Field("startdate").Should().Be(since);
        lines[^1].ToJsonString().Should().Be($$"""{"ok":true,"userid":12345,"done":{{sent}},"remaining":0,"failed":0,"rows":1}""");
        error.ToString().Should().NotContain("\r", "no progress bar when standard error is redirected");
    }

    [Test]
    public async Task Backfill_on_a_terminal_draws_a_progress_bar_on_standard_error_and_prints_only_the_totals()
    {
        await using var server = await WithingsLookAlike.StartAsync();
        Environment.SetEnvironmentVariable("Withings__ApiBaseAddress", server.BaseAddress.AbsoluteUri);
        Environment.SetEnvironmentVariable("WITHINGS_ACCESS_TOKEN", Token);
        var since = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeSeconds();

        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await BackfillCommand.RunAsync(
            new CommandArgs(["--userid", "12345", "--since", since.ToString(CultureInfo.InvariantCulture)]), new JsonLines(output), error, terminal: true);

        exitCode.Should().Be(0);
        var sent = server.Requests.Count;
        var bar = error.ToString().Split('\r', StringSplitOptions.RemoveEmptyEntries);
        bar.Should().HaveCount(sent + 1, "the bar is drawn when planned and after each request");
        bar[0].Should().StartWith($"backfill 12345 [{new string('.', 30)}] 0/{sent} requests");
        bar[^1].Should().StartWith($"backfill 12345 [{new string('#', 30)}] {sent}/{sent} requests");
        output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle().Which.Should().StartWith($$"""{"ok":true,"userid":12345,"done":{{sent}},"remaining":0,"failed":0,""");
    }

    [Test]
    public async Task Backfill_without_a_token_fails_before_any_request()
    {
        using var output = new StringWriter();
        var exitCode = await SampleApp.RunAsync(["backfill", "--userid", "12345", "--since", "1704067200"], new StringReader(string.Empty), output, new StringWriter());

        exitCode.Should().Be(1);
        output.ToString().Should().Contain("WITHINGS_ACCESS_TOKEN is not set");
    }
}
