using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.Data;

/// <summary>What the typed rows hold: durations, instants, days, the user's zone, open codes and the catalogue.</summary>
public sealed class TypedRecordsTests
{
    private static readonly ServiceFixture SleepSummaries = ServiceFixture.All.Single(f => f.File == "sleep-getsummary.json");

    [Test]
    public async Task ExecuteAsync_SleepSummary_DurationsInstantsDayAndZoneAreTyped()
    {
        using var harness = new Harness();
        harness.Api.ReplyInTurn("/v2/sleep", WithingsReply.Json(Fixture.Response("sleep-getsummary.json")));

        var result = await harness.Data.ExecuteAsync(SleepSummaries.Request(), "explicit-access");

        var night = result.GetRecords<SleepSummary>().Single();
        result.TimeZone.Should().Be("Europe/Paris");
        night.TimeZone.Should().Be("Europe/Paris");
        night.StartDate.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1594245600));
        night.Date.Should().Be(new DateOnly(2020, 7, 9));
        night.ModelId.Should().Be(DeviceModel.Pulse);
        night.Completed.Should().BeTrue();
        night.Data!.TotalSleepTime.Should().Be(TimeSpan.FromSeconds(9800));
        night.Data.SleepEfficiency.Should().Be(0.84);
        night.Data.NightEvents![SleepEvent.WokeUp].Should().Equal(TimeSpan.FromSeconds(4200), TimeSpan.FromSeconds(9000));
        result.GetRecords<Workout>().Should().BeEmpty("the rows are sleep summaries");
    }

    [Test]
    public async Task ExecuteAsync_HeartRateVariability_IsTypedInIntradaySamplesSleepSegmentsAndNights()
    {
        // appli 62 (HRV) has no measure type of its own: Withings sends it in these fields.
        using var harness = new Harness();
        harness.Api.Map("/v2/measure", "getintradayactivity", _ => WithingsReply.Json(Fixture.Response("getintradayactivity.json")));
        harness.Api.Map("/v2/sleep", "get", _ => WithingsReply.Json(Fixture.Response("sleep-get.json")));
        harness.Api.Map("/v2/sleep", "getsummary", _ => WithingsReply.Json(Fixture.Response("sleep-getsummary.json")));
        var plan = new FetchPlan(
        [
            new FetchRequest(Harness.UserId, "/v2/measure", [new("action", "getintradayactivity")], false),
            new FetchRequest(Harness.UserId, "/v2/sleep", [new("action", "get")], false),
            SleepSummaries.Request(),
        ]);

        var results = await harness.Data.ExecuteAsync(plan, "explicit-access");

        var sample = results[0].GetRecords<IntradayActivitySample>()[0];
        (sample.Rmssd, sample.Sdnn1, sample.HrvQuality).Should().Be((42.5, 51.5, 3));
        var segment = results[1].GetRecords<SleepSegment>().Single();
        var at = DateTimeOffset.FromUnixTimeSeconds(1594159200);
        (segment.Rmssd![at], segment.Sdnn1![at], segment.HrvQuality![at]).Should().Be((42d, 48d, 3d));
        var night = results[2].GetRecords<SleepSummary>().Single().Data!;
        (night.RmssdStartAverage, night.RmssdEndAverage).Should().Be((41.5, 47.5));
    }

    [Test]
    public async Task ExecuteAsync_SleepGet_StatesAndSeriesKeyedByInstant()
    {
        using var harness = new Harness();
        harness.Api.ReplyInTurn("/v2/sleep", WithingsReply.Json(Fixture.Response("sleep-get.json")));

        var result = await harness.Data.ExecuteAsync(new FetchRequest(Harness.UserId, "/v2/sleep", [new("action", "get")], false), "explicit-access");

        var segment = result.Records.Should().BeOfType<FetchRecords<SleepSegment>>().Which.Items.Single();
        segment.State.Should().Be(SleepState.Light);
        segment.HeartRate.Should().Equal(new Dictionary<DateTimeOffset, double>
        {
            [DateTimeOffset.FromUnixTimeSeconds(1594159200)] = 62,
            [DateTimeOffset.FromUnixTimeSeconds(1594159260)] = 61,
        });
        segment.Snoring![DateTimeOffset.FromUnixTimeSeconds(1594159260)].Should().Be(30);
    }

    [Test]
    public async Task ExecuteAsync_SleepGetSeriesAsOneObject_IsOneSegment()
    {
        // Withings' API reference gives Sleep v2 get's series as one object; clients see a list. Both read.
        using var harness = new Harness();
        harness.Api.ReplyInTurn("/v2/sleep", WithingsReply.Json("""{"status":0,"body":{"series":{"startdate":1594159200,"enddate":1594202400,"state":2,"model":"Aura Sensor V2","model_id":63}}}"""));

        var result = await harness.Data.ExecuteAsync(new FetchRequest(Harness.UserId, "/v2/sleep", [new("action", "get")], false), "explicit-access");

        result.GetRecords<SleepSegment>().Should().ContainSingle().Which.State.Should().Be(SleepState.Deep);
    }

    [Test]
    public async Task ExecuteAsync_UnknownCodesAndNumbersAsStrings_KeptAsTheirNumbersWithoutError()
    {
        using var harness = new Harness();
        harness.Api.ReplyInTurn("/v2/measure", WithingsReply.Json("""{"status":0,"body":{"series":[{"id":"7","category":9999,"model":"4242","startdate":"1594245600","enddate":1594257200,"date":"2020-07-09","data":{"steps":"6400","hr_zone_0":"600"}}],"more":false,"offset":0}}"""));

        var result = await harness.Data.ExecuteAsync(new FetchRequest(Harness.UserId, "/v2/measure", [new("action", "getworkouts")], false), "explicit-access");

        var workout = result.GetRecords<Workout>().Single();
        workout.Id.Should().Be(7);
        workout.Category.Should().Be((WorkoutCategory)9999);
        Enum.IsDefined(workout.Category!.Value).Should().BeFalse();
        workout.Model.Should().Be((DeviceModel)4242);
        workout.StartDate.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1594245600));
        workout.Data!.Steps.Should().Be(6400);
        workout.Data.HeartRateZone0.Should().Be(TimeSpan.FromMinutes(10));
    }

    [Test]
    public void MeasureTypeCatalog_EveryNamedType_HasANameAndADescription()
    {
        var named = Enum.GetValues<MeasureType>();

        MeasureTypeCatalog.All.Select(i => i.Type).Should().Contain(named);
        MeasureTypeCatalog.Find(MeasureType.Weight).Should().Be(new MeasureTypeInfo(MeasureType.Weight, "Weight", "kg", "Body weight."));
        MeasureTypeCatalog.Find(MeasureType.AtrialFibrillationResult)!.Unit.Should().BeNull("a classification has no unit");
        MeasureTypeCatalog.Find((MeasureType)999).Should().BeNull();
        MeasureTypeCatalog.All.Should().OnlyContain(i => i.Name.Length > 0 && i.Description.EndsWith('.'));
    }

    [Test]
    public async Task ExecuteAsync_EcgSignal_DurationFromSamplesAndFrequency()
    {
        using var harness = new Harness();
        harness.Api.ReplyInTurn("/v2/heart", WithingsReply.Json(Fixture.Response("heart-get.json")));

        var result = await harness.Data.ExecuteAsync(new FetchRequest(Harness.UserId, "/v2/heart", [new("action", "get"), new("signalid", "48")], false), "explicit-access");

        var signal = result.GetRecords<EcgSignal>().Single();
        signal.Signal.Should().Equal(1, 2, 3, 4, 5, 6, 7, 8, 9);
        signal.SamplingFrequency.Should().Be(500);
        signal.WearPosition.Should().Be(WearPosition.LeftWrist);
        signal.Duration.Should().Be(TimeSpan.FromMilliseconds(18));
    }
}
