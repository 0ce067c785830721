using System.Text.Json.Nodes;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.Data;

/// <summary>
/// One row Withings sends in an unexpected shape stays one row: it is kept raw on the result, the others stay typed,
/// and the result is not an error.
/// </summary>
public sealed class UnreadRowTests
{
    private static readonly FetchRequest Summary = new(
        Harness.UserId, "/v2/sleep", [new("action", "getsummary"), new("startdateymd", "2020-07-09"), new("enddateymd", "2020-07-10")], false);

    [Test]
    public async Task ExecuteAsync_SleepSummaryWithAFractionalHeartRateAverage_KeepsThatNightRawAndTheOtherTyped()
    {
        using var harness = new Harness();
        harness.Api.ReplyInTurn("/v2/sleep", WithingsReply.Json(TwoNights("55.5")));

        var result = await harness.Data.ExecuteAsync(Summary, "explicit-access");

        result.IsSuccess.Should().BeTrue("one odd row does not make the response an error");
        result.Rows.Should().Be(2);
        result.GetRecords<SleepSummary>().Should().ContainSingle().Which.Id.Should().Be(12345);
        result.GetRecords<SleepSummary>()[0].Data!.HeartRateAverage.Should().Be(58);
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
    }

    // The documented night, then a second one whose hr_average is the given JSON number.
    internal static string TwoNights(string secondHeartRateAverage)
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
