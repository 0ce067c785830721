using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.Data;

/// <summary>
/// A Stetho v2 list brings each recording's signal (Stetho v2 get) when <c>Fetch:StethoscopeSignals</c> is on, as a
/// Heart v2 list brings each ECG's.
/// </summary>
public sealed class StethoscopeFollowUpTests
{
    private static readonly FetchRequest StethoList = new(
        Harness.UserId, "/v2/stetho", [new("action", "list"), new("startdate", "1594159000"), new("enddate", "1594160000")], false);

    private static string TwoRecordings => Fixture.Response("stetho-list.json").Replace(
        "\"timezone\":\"Europe/Paris\"}]",
        "\"timezone\":\"Europe/Paris\"},{\"hash_deviceid\":\"892359876fd8805ac45bab078c4828692f0276b1\",\"signalid\":2,\"vhd\":0,\"timestamp\":1594159900,\"timezone\":\"Europe/Paris\"}]",
        StringComparison.Ordinal);

    [Test]
    public async Task ExecuteAsync_StethoListWithSignals_GetsEachSignalAndAttachesItToItsRecording()
    {
        using var harness = new Harness();
        harness.Api.Map("/v2/stetho", "list", _ => WithingsReply.Json(TwoRecordings));
        harness.Api.Map("/v2/stetho", "get", call => WithingsReply.Json(
            Fixture.Response("stetho-get.json").Replace("\"position\":15", "\"position\":" + (call.Form["signalid"] == "1" ? "15" : "18"), StringComparison.Ordinal)));

        var results = await harness.Data.ExecuteAsync(new FetchPlan([StethoList]), "explicit-access");

        var list = results.Should().ContainSingle().Subject;
        harness.Api.Requests.Select(c => (c.Path, c.Body)).Should().Equal(
            ("/v2/stetho", "action=list&startdate=1594159000&enddate=1594160000"),
            ("/v2/stetho", "action=get&signalid=1"),
            ("/v2/stetho", "action=get&signalid=2"));
        harness.Api.Requests.Select(c => c.BearerToken).Should().AllBe("explicit-access");
        list.IsSuccess.Should().BeTrue();
        list.TimeZone.Should().Be("Europe/Paris");
        list.FollowUps.Should().HaveCount(2).And.OnlyContain(f => f.IsSuccess && f.Request.Path == "/v2/stetho" && f.Request.Action == "get");
        var recordings = list.GetRecords<StethoscopeRecording>();
        recordings.Select(r => (r.SignalId, r.Vhd, r.Timestamp, r.Signal!.Position)).Should().Equal(
            (1L, 1, DateTimeOffset.FromUnixTimeSeconds(1594159644), WearPosition.CardiovascularAorticArea),
            (2L, 0, DateTimeOffset.FromUnixTimeSeconds(1594159900), WearPosition.CardiovascularMitralArea));
        recordings[0].HashDeviceId.Should().Be("892359876fd8805ac45bab078c4828692f0276b1");
        var signal = recordings[0].Signal!;
        (signal.Frequency, signal.Model, signal.Signal!.Count).Should().Be((4000, DeviceModel.BeamO, 9));
    }

    [Test]
    public async Task ExecuteAsync_SignalRequestFails_TheListSucceedsAndTheFollowUpCarriesTheError()
    {
        using var harness = new Harness();
        harness.Api.Map("/v2/stetho", "list", _ => WithingsReply.Json(Fixture.Response("stetho-list.json")));
        harness.Api.Map("/v2/stetho", "get", _ => WithingsReply.Status(2554, "not implemented"));

        var result = await harness.Data.ExecuteAsync(StethoList, "explicit-access");

        result.IsSuccess.Should().BeTrue();
        result.GetRecords<StethoscopeRecording>().Single().Signal.Should().BeNull();
        result.FollowUps.Single().Error.Should().BeOfType<WithingsApiException>().Which.Status.Should().Be(2554);
    }

    [Test]
    public async Task ExecuteAsync_StethoscopeSignalsOff_SendsTheListOnly()
    {
        using var harness = new Harness();
        harness.Options.Fetch.StethoscopeSignals = false;
        harness.Api.ReplyInTurn("/v2/stetho", WithingsReply.Json(Fixture.Response("stetho-list.json")));

        var result = await harness.Data.ExecuteAsync(StethoList, "explicit-access");

        harness.Api.Requests.Should().ContainSingle();
        result.FollowUps.Should().BeEmpty();
        result.GetRecords<StethoscopeRecording>().Single().Signal.Should().BeNull();
    }

    [Test]
    public async Task ExecuteAsync_EcgSignalsOff_StillFollowsStethoscopeRecordings()
    {
        using var harness = new Harness();
        harness.Options.Fetch.EcgSignals = false;
        harness.Api.Map("/v2/stetho", "list", _ => WithingsReply.Json(Fixture.Response("stetho-list.json")));
        harness.Api.Map("/v2/stetho", "get", _ => WithingsReply.Json(Fixture.Response("stetho-get.json")));

        var result = await harness.Data.ExecuteAsync(StethoList, "explicit-access");

        result.FollowUps.Should().ContainSingle().Which.Request.Form.Should().Contain(new KeyValuePair<string, string>("signalid", "1"));
        result.GetRecords<StethoscopeRecording>().Single().Signal!.Frequency.Should().Be(4000);
    }
}
