using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.Data;

/// <summary>
/// One row Withings sends in an unexpected shape stays one row: it is kept raw on the result (path, field, reason),
/// logged once without its values, counted, and the others stay typed; the result is not an error.
/// </summary>
public sealed class UnreadRowTests
{
    private static readonly FetchRequest Summary = new(
        Harness.UserId, "/v2/sleep", [new("action", "getsummary"), new("startdateymd", "2020-07-09"), new("enddateymd", "2020-07-10")], false);

    [Test]
    public async Task ExecuteAsync_SleepSummaryWithAFractionalHeartRateAverage_KeepsThatNightRawAndTheOtherTyped()
    {
        using var harness = new Harness();
        var sent = TwoNights("55.5");
        harness.Api.ReplyInTurn("/v2/sleep", WithingsReply.Json(sent));

        var result = await harness.Data.ExecuteAsync(Summary, "explicit-access");

        result.IsSuccess.Should().BeTrue("one odd row does not make the response an error");
        result.Rows.Should().Be(2);
        result.GetRecords<SleepSummary>().Should().ContainSingle().Which.Id.Should().Be(12345);
        result.GetRecords<SleepSummary>()[0].Data!.HeartRateAverage.Should().Be(58);
        var unread = result.UnreadRows.Should().ContainSingle().Subject;
        unread.Path.Should().Be("series[1]");
        unread.Field.Should().Be("data.hr_average");
        unread.Reason.Should().Be("Expected an integer (32-bit); a fraction is never rounded.");
        CanonicalJson.Of(JsonNode.Parse(unread.Json.GetRawText())!).Should().Be(CanonicalJson.Of(JsonNode.Parse(sent)!["body"]!["series"]![1]!));
        result.Series.Should().HaveCount(2, "the dates of the odd night still read");
    }

    [Test]
    public async Task ExecuteAsync_UnreadRow_IsLoggedOnceWithItsPathAndNoValueAndCounted()
    {
        using var logs = new CapturingLoggerProvider();
        using var harness = new Harness();
        var data = new WithingsDataClient(harness.Http, harness.Monitor, harness.Tokens, harness.Clock, logs.CreateLogger<WithingsDataClient>());
        using var unreadRows = new MetricCollector<long>(null, WithingsTelemetry.Name, WithingsTelemetry.UnreadRowsInstrument);
        harness.Api.ReplyInTurn("/v2/sleep", WithingsReply.Json(TwoNights("55.5")));

        await data.ExecuteAsync(Summary, "explicit-access");

        var warning = logs.Logs.Where(l => l.Level >= LogLevel.Warning).Should().ContainSingle().Subject;
        warning.EventId.Id.Should().Be(404);
        warning.Message.Should().Be("v2/sleep/getsummary for user 363: 1 row(s) could not be typed and are kept raw on FetchResult.UnreadRows; the first at series[1], field data.hr_average: Expected an integer (32-bit); a fraction is never rounded.");
        logs.AllText.Should().NotContain("55.5").And.NotContain("12346").And.NotContain("2020-07-10");
        var measurement = unreadRows.GetMeasurementSnapshot().Should().ContainSingle().Subject;
        measurement.Value.Should().Be(1);
        measurement.Tags.Should().Contain(new KeyValuePair<string, object?>("withings.service", "/v2/sleep")).And.Contain(new KeyValuePair<string, object?>("withings.action", "getsummary"));
    }

    [Test]
    public async Task ExecuteAsync_WholeNumberWrittenWithAFraction_IsReadAsTheInteger()
    {
        // A JSON encoder may write an integer field as 58.0; nothing is lost by reading it as 58.
        using var harness = new Harness();
        harness.Api.ReplyInTurn("/v2/sleep", WithingsReply.Json(TwoNights("58.0")));

        var result = await harness.Data.ExecuteAsync(Summary, "explicit-access");

        result.IsSuccess.Should().BeTrue();
        result.GetRecords<SleepSummary>().Select(n => n.Data!.HeartRateAverage).Should().Equal(58, 58);
        result.UnreadRows.Should().BeEmpty();
    }

    [Test]
    public async Task ExecuteAsync_IntradaySampleWithAFractionalHeartRate_KeepsThatInstantRawAndTheOtherTyped()
    {
        using var harness = new Harness();
        var envelope = JsonNode.Parse(Fixture.Response("getintradayactivity.json"))!;
        envelope["body"]!["series"]!["1594159260"]!["heart_rate"] = 85.5;
        harness.Api.ReplyInTurn("/v2/measure", WithingsReply.Json(envelope.ToJsonString()));
        var intraday = new FetchRequest(Harness.UserId, "/v2/measure", [new("action", "getintradayactivity"), new("startdate", "1594159200"), new("enddate", "1594245600")], false);

        var result = await harness.Data.ExecuteAsync(intraday, "explicit-access");

        result.IsSuccess.Should().BeTrue();
        result.GetRecords<IntradayActivitySample>().Should().ContainSingle().Which.Timestamp.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1594159200));
        result.UnreadRows.Should().ContainSingle().Which.Should().Match<UnreadRow>(r => r.Path == "series.1594159260" && r.Field == "heart_rate");
    }

    [Test]
    public async Task ExecuteAsync_NullRowAmongMeasureGroups_IsKeptRawAndTheGroupsAreTyped()
    {
        using var harness = new Harness();
        var envelope = JsonNode.Parse(Fixture.Response("getmeas.json"))!;
        envelope["body"]!["measuregrps"]!.AsArray().Insert(0, null);
        harness.Api.ReplyInTurn("/measure", WithingsReply.Json(envelope.ToJsonString()));
        var getmeas = new FetchRequest(Harness.UserId, "/measure", [new("action", "getmeas"), new("category", "1")], false);

        var result = await harness.Data.ExecuteAsync(getmeas, "explicit-access");

        result.MeasureGroups.Should().ContainSingle().Which.GroupId.Should().Be(12);
        var unread = result.UnreadRows.Should().ContainSingle().Subject;
        (unread.Path, unread.Field, unread.Json.ValueKind).Should().Be(("measuregrps[0]", (string?)null, JsonValueKind.Null));
    }

    [Test]
    public async Task ExecuteAsync_HeartSignalBodyUnreadable_TheListSucceedsAndTheSignalIsKeptRaw()
    {
        using var harness = new Harness();
        harness.Api.Map("/v2/heart", "list", _ => WithingsReply.Json(Fixture.Response("heart-list.json")));
        harness.Api.Map("/v2/heart", "get", _ => WithingsReply.Json("""{"status":0,"body":{"signal":[1,2.5,3],"sampling_frequency":500,"wearposition":1}}"""));
        var list = new FetchRequest(Harness.UserId, "/v2/heart", [new("action", "list"), new("startdate", "1594159000"), new("enddate", "1594160000")], false);

        var result = await harness.Data.ExecuteAsync(list, "explicit-access");

        result.IsSuccess.Should().BeTrue();
        result.GetRecords<EcgRecording>().Single().Signal.Should().BeNull();
        var signal = result.FollowUps.Single();
        signal.IsSuccess.Should().BeTrue();
        signal.UnreadRows.Should().ContainSingle().Which.Should().Match<UnreadRow>(r => r.Path == "body" && r.Field == "signal[1]");
    }

    [Test]
    [NonParallelizable]
    public async Task DocsExample_Keep_PrintsTheTypedNightAndNamesTheOddOne()
    {
        using var harness = new Harness();
        harness.Api.ReplyInTurn("/v2/sleep", WithingsReply.Json(TwoNights("55.5")));
        var result = await harness.Data.ExecuteAsync(Summary, "explicit-access");
        var (output, errors) = (new StringWriter(), new StringWriter());
        var (originalOutput, originalErrors) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(errors);
        try
        {
            Keep(result);
        }
        finally
        {
            Console.SetOut(originalOutput);
            Console.SetError(originalErrors);
        }

        output.ToString().Should().Be("2020-07-09: 58 bpm" + Environment.NewLine);
        errors.ToString().Should().Be("getsummary series[1]: data.hr_average: Expected an integer (32-bit); a fraction is never rounded." + Environment.NewLine);
    }

    // docs/running-plans.md, "Unread rows".
    private static void Keep(FetchResult result)
    {
        foreach (var night in result.GetRecords<SleepSummary>())
        {
            Console.WriteLine($"{night.Date:yyyy-MM-dd}: {night.Data?.HeartRateAverage} bpm");
        }

        foreach (var odd in result.UnreadRows)
        {
            // For example {"path":"series[1]","field":"data.hr_average"}: keep odd.Json.GetRawText() for a later look.
            Console.Error.WriteLine($"{result.Request.Action} {odd.Path}: {odd.Field}: {odd.Reason}");
        }
    }

    // The documented night, then a second one whose hr_average is the given JSON number.
    private static string TwoNights(string secondHeartRateAverage)
    {
        var envelope = JsonNode.Parse(Fixture.Response("sleep-getsummary.json"))!;
        var series = envelope["body"]!["series"]!.AsArray();
        var second = series[0]!.DeepClone();
        second["id"] = 12346;
        second["date"] = "2020-07-10";
        second["data"]!["hr_average"] = JsonNode.Parse(secondHeartRateAverage);
        series.Add(second);
        return envelope.ToJsonString();
    }
}
