using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.Data;

/// <summary>
/// Responses in the shapes live Withings sends where they differ from its API reference (as seen by
/// python_withings_api, aiowithings and Home Assistant in production).
/// </summary>
public sealed class LiveShapeTests
{
    private static readonly FetchRequest Getmeas = new(
        Harness.UserId, "/measure", [new("action", "getmeas"), new("category", "1"), new("lastupdate", "1704700000")], false);

    [Test]
    public async Task ExecuteAsync_LiveGetmeasWithModelid_ReadsTheDeviceModel()
    {
        using var harness = new Harness();
        harness.Api.ReplyInTurn("/measure", WithingsReply.Json(Fixture.Response("getmeas.live.json")));

        var result = await harness.Data.ExecuteAsync(Getmeas, "explicit-access");

        result.IsSuccess.Should().BeTrue();
        result.MeasureGroups.Select(g => g.ModelId).Should().Equal(DeviceModel.BodyScan, null);
    }

    [Test]
    public async Task ExecuteAsync_ReferenceGetmeasWithModelUnderscoreId_ReadsTheDeviceModelToo()
    {
        using var harness = new Harness();
        harness.Api.ReplyInTurn("/measure", WithingsReply.Json("""{"status":0,"body":{"updatetime":1594257200,"timezone":"Europe/Paris","measuregrps":[{"grpid":12,"attrib":0,"date":1594245600,"created":1594246600,"modified":1594257200,"category":1,"deviceid":"892359876fd8805ac45bab078c4828692f0276b1","hash_deviceid":"892359876fd8805ac45bab078c4828692f0276b1","measures":[{"value":65750,"type":1,"unit":-3}],"model":"Body Cardio","model_id":6}],"more":0,"offset":0}}"""));

        var result = await harness.Data.ExecuteAsync(Getmeas, "explicit-access");

        result.MeasureGroups.Single().ModelId.Should().Be(DeviceModel.BodyCardio);
    }
}
