using System.Globalization;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.Data;

/// <summary>
/// A result cut at <see cref="WithingsFetchOptions.MaxPages"/> says where to go on and is read on from there; every
/// result says which window it covers, whether it holds all of it, and Withings' clock for its data.
/// </summary>
public sealed class ContinuationTests
{
    private static readonly FetchRequest Getmeas = new(
        Harness.UserId,
        "/measure",
        [new("action", "getmeas"), new("category", "1"), new("startdate", "1709251200"), new("enddate", "1709337600")],
        requiresSignature: false);

    [Test]
    public async Task ContinueAsync_FivePagesWithACapOfTwo_ReadsOnFromWithingsOffsetUntilEveryPageIsRead()
    {
        using var harness = new Harness();
        harness.Options.Fetch.MaxPages = 2;
        MapFivePages(harness.Api);

        var first = await harness.Data.ExecuteAsync(Getmeas, "explicit-access");
        var second = await harness.Data.ContinueAsync(first, "explicit-access");
        var third = await harness.Data.ContinueAsync(second, "explicit-access");
        var again = await harness.Data.ContinueAsync(third, "explicit-access");

        harness.Api.Requests.Select(r => r.Field("offset")).Should().Equal(null, "10", "20", "30", "40");
        (first.Pages, first.Truncated, first.NextOffset, first.IsComplete).Should().Be((2, true, 20L, false));
        (second.Pages, second.NextOffset, second.IsComplete).Should().Be((4, 40L, false));
        (third.Pages, third.Rows, third.Truncated, third.NextOffset, third.IsComplete).Should().Be((5, 5, false, null, true));
        third.Request.Should().Be(Getmeas, "the planned request, never one with an offset");
        third.MeasureGroups.Select(g => g.GroupId).Should().Equal(100, 101, 102, 103, 104);
        third.GetRecords<MeasureGroup>().Should().Equal(third.MeasureGroups);
        third.Body.GetProperty("measuregrps").GetArrayLength().Should().Be(5);
        third.DataUpdatedAt.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1709340004), "the latest modified of the five pages");
        again.Should().BeSameAs(third, "a complete result has nothing left to read");
        harness.Api.Requests.Should().HaveCount(5);
    }

    [Test]
    public async Task ContinueAsync_PagesRefused_CarriesTheErrorBesideThePagesReadBefore_AndTheTruncatedResultCanBeContinuedAgain()
    {
        using var harness = new Harness();
        harness.Options.Fetch.MaxPages = 2;
        MapFivePages(harness.Api);
        var first = await harness.Data.ExecuteAsync(Getmeas, "explicit-access");
        harness.Api.Enqueue("/measure", "getmeas", WithingsReply.Status(503, "Invalid Params"));

        var failed = await harness.Data.ContinueAsync(first, "explicit-access");
        var retried = await harness.Data.ContinueAsync(first, "explicit-access");

        failed.Error.Should().BeOfType<WithingsApiException>().Which.Status.Should().Be(503);
        (failed.IsSuccess, failed.IsComplete, failed.NextOffset, failed.Pages).Should().Be((false, false, null, 2));
        failed.MeasureGroups.Select(g => g.GroupId).Should().Equal(100, 101);
        (retried.Pages, retried.NextOffset).Should().Be((4, 40L));
    }

    [Test]
    public async Task Window_IsReadFromTheFieldsTheRequestSent()
    {
        using var harness = new Harness();
        var activity = new FetchRequest(Harness.UserId, "/v2/measure", [new("action", "getactivity"), new("startdateymd", "2024-03-01"), new("enddateymd", "2024-03-02")], false);
        var since = new FetchRequest(Harness.UserId, "/measure", [new("action", "getmeas"), new("category", "1"), new("lastupdate", "1709251200")], false);
        harness.Api.Map("/measure", "getmeas", _ => WithingsReply.Json("""{"status":0,"body":{"updatetime":1709344000,"timezone":"Europe/Paris","measuregrps":[],"more":0,"offset":0}}"""));
        harness.Api.Map("/v2/measure", "getactivity", _ => WithingsReply.Json("""{"status":0,"body":{"activities":[],"more":false,"offset":0}}"""));

        var results = await harness.Data.ExecuteAsync(new FetchPlan([Getmeas, activity, since]), "explicit-access");

        results.Should().OnlyContain(r => r.IsComplete);
        results[0].Window.Should().Be(new FetchWindow { Kind = FetchWindowKind.Instants, Start = DateTimeOffset.FromUnixTimeSeconds(1709251200), End = DateTimeOffset.FromUnixTimeSeconds(1709337600) });
        results[1].Window.Should().Be(new FetchWindow { Kind = FetchWindowKind.Days, FirstDay = new DateOnly(2024, 3, 1), LastDay = new DateOnly(2024, 3, 2) });
        results[2].Window.Should().Be(new FetchWindow { Kind = FetchWindowKind.ChangedSince, Start = DateTimeOffset.FromUnixTimeSeconds(1709251200) });
    }

    [Test]
    public async Task DataUpdatedAt_IsTheLatestModified_ElseTheResponsesUpdatetime()
    {
        using var harness = new Harness();

        // Live getmeas sends updatetime as a number; the OpenAPI file documents a string: both read.
        harness.Api.Enqueue(
            "/measure",
            "getmeas",
            WithingsReply.Json("""{"status":0,"body":{"updatetime":1709344000,"timezone":"Asia/Tokyo","measuregrps":[{"grpid":7,"attrib":0,"date":1709300000,"created":1709300100,"modified":1709330000,"category":1,"deviceid":"892359876fd8805ac45bab078c4828692f0276b1","measures":[{"value":7200,"type":1,"unit":-2}]},{"grpid":8,"attrib":0,"date":1709200000,"created":1709200100,"modified":1709310000,"category":1,"deviceid":"892359876fd8805ac45bab078c4828692f0276b1","measures":[{"value":7180,"type":1,"unit":-2}]}],"more":0,"offset":0}}"""),
            WithingsReply.Json("""{"status":0,"body":{"updatetime":"1709344100","timezone":"Asia/Tokyo","measuregrps":[],"more":0,"offset":0}}"""));
        harness.Api.Enqueue("/v2/measure", "getintradayactivity", WithingsReply.Json("""{"status":0,"body":{"series":{}}}"""));
        var intraday = new FetchRequest(Harness.UserId, "/v2/measure", [new("action", "getintradayactivity"), new("startdate", "1709251200"), new("enddate", "1709337600")], false);

        var results = await harness.Data.ExecuteAsync(new FetchPlan([Getmeas, Getmeas, intraday]), "explicit-access");

        results[0].DataUpdatedAt.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1709330000), "the rows' latest modified, not the answer's updatetime");
        results[1].DataUpdatedAt.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1709344100), "no row: the answer's updatetime");
        results[2].DataUpdatedAt.Should().BeNull("Withings sent no clock");
    }

    // Five getmeas pages of one group each; Withings' offset after page n is 10 × (n + 1), the last page says no more.
    private static void MapFivePages(WithingsLookAlike api) =>
        api.Map("/measure", "getmeas", call =>
        {
            var page = call.Field("offset") is { } offset ? int.Parse(offset, CultureInfo.InvariantCulture) / 10 : 0;
            var more = page < 4 ? 1 : 0;
            var group = 100 + page;
            return WithingsReply.Json(string.Create(
                CultureInfo.InvariantCulture,
                $$$"""{"status":0,"body":{"updatetime":1709344000,"timezone":"Europe/Paris","measuregrps":[{"grpid":{{{group}}},"attrib":0,"date":{{{1709251200 + page}}},"created":{{{1709251300 + page}}},"modified":{{{1709340000 + page}}},"category":1,"deviceid":"892359876fd8805ac45bab078c4828692f0276b1","modelid":6,"measures":[{"value":{{{7200 + page}}},"type":1,"unit":-2}]}],"more":{{{more}}},"offset":{{{(page + 1) * 10}}}}}"""));
        });
}
