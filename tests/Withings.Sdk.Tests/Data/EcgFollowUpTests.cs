using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.Data;

/// <summary>A Heart v2 list brings each recording's signal (Heart v2 get) when <c>Fetch:EcgSignals</c> is on.</summary>
public sealed class EcgFollowUpTests
{
    private static readonly FetchRequest HeartList = new(
        Harness.UserId, "/v2/heart", [new("action", "list"), new("startdate", "1594159000"), new("enddate", "1594160000")], false);

    private static string TwoRecordings => Fixture.Response("heart-list.json").Replace(
        "\"timestamp\":1594159644}]",
        "\"timestamp\":1594159644},{\"model\":91,\"ecg\":{\"signalid\":49,\"afib\":0},\"heart_rate\":64,\"timestamp\":1594160000}]",
        StringComparison.Ordinal);

    [Test]
    public async Task ExecuteAsync_HeartListWithSignals_GetsEachSignalAndAttachesItToItsRecording()
    {
        using var harness = new Harness();
        harness.Api.Map("/v2/heart", "list", _ => WithingsReply.Json(TwoRecordings));
        harness.Api.Map("/v2/heart", "get", call => WithingsReply.Json(
            Fixture.Response("heart-get.json").Replace("\"heart_rate\":82", "\"heart_rate\":" + (call.Form["signalid"] == "48" ? "82" : "64"), StringComparison.Ordinal)));

        var results = await harness.Data.ExecuteAsync(new FetchPlan([HeartList]), "explicit-access");

        var list = results.Should().ContainSingle().Subject;
        harness.Api.Requests.Select(c => c.Body).Should().Equal(
            "action=list&startdate=1594159000&enddate=1594160000",
            "action=get&signalid=48",
            "action=get&signalid=49");
        harness.Api.Requests.Select(c => c.BearerToken).Should().AllBe("explicit-access");
        list.FollowUps.Should().HaveCount(2).And.OnlyContain(f => f.IsSuccess && f.Request.Action == "get");
        var recordings = list.GetRecords<EcgRecording>();
        recordings.Select(r => (r.Ecg!.SignalId, r.Ecg.Afib, r.Signal!.HeartRate)).Should().Equal(
            (48L, EcgClassification.Positive, 82),
            (49L, EcgClassification.Negative, 64));
        recordings[0].BloodPressure.Should().Be(new BloodPressureReading { Diastole = 100, Systole = 101 });
        recordings[0].Signal!.SamplingFrequency.Should().Be(500);
    }

    [Test]
    public async Task ExecuteAsync_SignalRequestFails_TheListSucceedsAndTheFollowUpCarriesTheError()
    {
        using var harness = new Harness();
        harness.Api.Map("/v2/heart", "list", _ => WithingsReply.Json(Fixture.Response("heart-list.json")));
        harness.Api.Map("/v2/heart", "get", _ => WithingsReply.Json("""{"status":2554,"body":{}}"""));

        var result = await harness.Data.ExecuteAsync(HeartList, "explicit-access");

        result.IsSuccess.Should().BeTrue();
        result.GetRecords<EcgRecording>().Single().Signal.Should().BeNull();
        result.FollowUps.Single().Error.Should().BeOfType<WithingsApiException>().Which.Status.Should().Be(2554);
    }

    [Test]
    public async Task ExecuteAsync_EcgSignalsOff_SendsTheListOnly()
    {
        using var harness = new Harness();
        harness.Options.Fetch.EcgSignals = false;
        harness.Api.ReplyInTurn("/v2/heart", WithingsReply.Json(Fixture.Response("heart-list.json")));

        var result = await harness.Data.ExecuteAsync(HeartList, "explicit-access");

        harness.Api.Requests.Should().ContainSingle();
        result.FollowUps.Should().BeEmpty();
        result.GetRecords<EcgRecording>().Single().Signal.Should().BeNull();
    }
}
