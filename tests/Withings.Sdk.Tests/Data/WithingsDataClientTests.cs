using System.Text.Json;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.Data;

/// <summary>Running planned requests over the loopback Withings look-alike: paging, retries, token refresh, signing.</summary>
public sealed class WithingsDataClientTests
{
    private static readonly FetchRequest Getmeas = new(
        Harness.UserId,
        "/measure",
        [
            new("action", "getmeas"),
            new("meastypes", "1,5,6,8,76,77,88,91"),
            new("category", "1"),
            new("startdate", "1594245600"),
            new("enddate", "1594418400"),
        ],
        requiresSignature: false);

    [Test]
    public async Task ExecuteAsync_GetmeasOverThreePages_FollowsTheOffsetsAndReturnsEveryGroupWithRealValues()
    {
        using var harness = new Harness();
        await harness.SeedTokens("valid-access", "valid-refresh", TimeSpan.FromHours(3));
        harness.Api.ReplyInTurn("/measure", WithingsReply.Json(Fixture.Response("getmeas.page1.json")), WithingsReply.Json(Fixture.Response("getmeas.page2.json")), WithingsReply.Json(Fixture.Response("getmeas.page3.json")));
        var planned = Getmeas.Form.ToList();

        var result = await harness.Data.ExecuteAsync(Getmeas);

        // Withings' documentation: "a response with more (int 0/1 in getmeas) and offset asks for the same request again with offset".
        harness.Api.Requests.Select(c => c.Body).Should().Equal(
            "action=getmeas&meastypes=1,5,6,8,76,77,88,91&category=1&startdate=1594245600&enddate=1594418400",
            "action=getmeas&meastypes=1,5,6,8,76,77,88,91&category=1&startdate=1594245600&enddate=1594418400&offset=1",
            "action=getmeas&meastypes=1,5,6,8,76,77,88,91&category=1&startdate=1594245600&enddate=1594418400&offset=2");
        harness.Api.Requests.Select(c => c.BearerToken).Should().AllBe("valid-access");
        Getmeas.Form.Should().Equal(planned, "the planned request is never changed");
        result.IsSuccess.Should().BeTrue();
        result.Pages.Should().Be(3);
        result.Rows.Should().Be(3);
        result.Truncated.Should().BeFalse();
        result.Url.Should().Be(new Uri("https://wbsapi.withings.net/measure"));
        result.MeasureGroups.Select(g => g.GroupId).Should().Equal(12, 13, 14);

        // Withings' documentation: value × 10^unit; {"value":7200,"type":1,"unit":-2} is 72.00 kg.
        var weight = result.MeasureGroups[0].Measures[0];
        weight.Type.Should().Be(MeasureType.Weight);
        weight.Value.Should().Be(72.00m);
        weight.Value.ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be("72.00");
        result.MeasureGroups[0].Date.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1594245600));
        result.MeasureGroups[1].Measures.Select(m => (m.Type, m.Value)).Should().Equal((MeasureType.Weight, 65.750m), (MeasureType.MuscleMass, 54.10m));

        // An undocumented meastype is kept as its number (Withings' documentation: "unknown meastypes occur in the wild").
        result.MeasureGroups[2].Measures[0].Type.Should().Be((MeasureType)999);
        result.MeasureGroups[2].DeviceId.Should().BeNull();

        // Documented fields are typed; the others survive in the typed rows and in the merged raw body.
        result.MeasureGroups[0].Model.Should().Be("Body Cardio");
        result.MeasureGroups[0].ModelId.Should().Be(DeviceModel.BodyCardio);
        result.MeasureGroups[0].Measures[0].Position.Should().Be(WearPosition.RightFoot);
        result.MeasureGroups[0].Comment.Should().Be("A measurement comment");
        result.MeasureGroups[1].ModelId.Should().Be(DeviceModel.BodyCardio, "page 2 names it model_id, as Withings' API reference does");
        result.Records.Should().BeOfType<FetchRecords<MeasureGroup>>().Which.Items.Should().Equal(result.MeasureGroups);
        result.TimeZone.Should().Be("Europe/Paris");
        result.Body.GetProperty("measuregrps").GetArrayLength().Should().Be(3);
        result.Body.GetProperty("timezone").GetString().Should().Be("Europe/Paris");
        result.Body.GetProperty("more").GetInt32().Should().Be(0);
    }

    [Test]
    public async Task ExecuteAsync_V2ServiceWithBooleanMore_FollowsThePagesAndTypesTheSeriesDates()
    {
        using var harness = new Harness();
        harness.Api.ReplyInTurn("/v2/sleep", WithingsReply.Json(Fixture.Response("sleep-getsummary.page1.json")), WithingsReply.Json(Fixture.Response("sleep-getsummary.page2.json")));
        var summary = new FetchRequest(Harness.UserId, "/v2/sleep", [new("action", "getsummary"), new("startdateymd", "2020-07-09"), new("enddateymd", "2020-07-10")], false);

        var result = await harness.Data.ExecuteAsync(summary, "explicit-access");

        // Withings' documentation: more is a boolean in the v2 services.
        harness.Api.Requests.Select(c => c.Body).Should().Equal(
            "action=getsummary&startdateymd=2020-07-09&enddateymd=2020-07-10",
            "action=getsummary&startdateymd=2020-07-09&enddateymd=2020-07-10&offset=1");
        harness.Api.Requests.Select(c => c.BearerToken).Should().AllBe("explicit-access");
        result.Pages.Should().Be(2);
        result.Rows.Should().Be(2);
        result.MeasureGroups.Should().BeEmpty();
        result.Series.Select(s => (s.Date, s.StartDate, s.EndDate)).Should().Equal(
            ("2020-07-09", DateTimeOffset.FromUnixTimeSeconds(1594245600), DateTimeOffset.FromUnixTimeSeconds(1594257200)),
            ("2020-07-10", DateTimeOffset.FromUnixTimeSeconds(1594332000), DateTimeOffset.FromUnixTimeSeconds(1594360800)));
        result.Series[1].AdditionalFields!["data"].GetProperty("sleep_score").GetInt32().Should().Be(88);
    }

    [Test]
    public async Task ExecuteAsync_IntradaySeriesKeyedByTimestamp_TakesEachEntryTimestampFromItsKey()
    {
        using var harness = new Harness();
        harness.Api.ReplyInTurn("/v2/measure", WithingsReply.Json(Fixture.Response("getintradayactivity.json")));
        var intraday = new FetchRequest(Harness.UserId, "/v2/measure", [new("action", "getintradayactivity"), new("startdate", "1594159200"), new("enddate", "1594245600")], false);

        var result = await harness.Data.ExecuteAsync(intraday, "explicit-access");

        result.Rows.Should().Be(2);
        result.Series.Select(s => s.Timestamp).Should().Equal(DateTimeOffset.FromUnixTimeSeconds(1594159200), DateTimeOffset.FromUnixTimeSeconds(1594159260));
        result.Series[1].AdditionalFields!["steps"].GetInt32().Should().Be(30);
    }

    [Test]
    public async Task ExecuteAsync_MorePagesThanTheCap_StopsAtTheCapAndSaysSo()
    {
        using var harness = new Harness();
        harness.Options.Fetch.MaxPages = 2;
        harness.Api.ReplyInTurn("/measure", WithingsReply.Json(Fixture.Response("getmeas.page1.json")), WithingsReply.Json(Fixture.Response("getmeas.page2.json")), WithingsReply.Json(Fixture.Response("getmeas.page3.json")));

        var result = await harness.Data.ExecuteAsync(Getmeas, "explicit-access");

        harness.Api.Requests.Should().HaveCount(2);
        result.Pages.Should().Be(2);
        result.Truncated.Should().BeTrue();
        result.Body.GetProperty("offset").GetInt32().Should().Be(2, "the body tells where to go on");
    }

    [Test]
    public async Task ExecuteAsync_Status601ThenSuccess_RetriesTheSameRequestAndSucceeds()
    {
        using var harness = new Harness();
        harness.Api.ReplyInTurn("/measure", WithingsReply.Json(Fixture.Response("status601.json")), WithingsReply.Json(Fixture.Response("getmeas.page3.json")));

        var result = await harness.Data.ExecuteAsync(Getmeas, "explicit-access");

        // Withings' documentation: 601 (too many requests) is transient.
        harness.Api.Requests.Select(c => c.Body).Should().Equal(
            "action=getmeas&meastypes=1,5,6,8,76,77,88,91&category=1&startdate=1594245600&enddate=1594418400",
            "action=getmeas&meastypes=1,5,6,8,76,77,88,91&category=1&startdate=1594245600&enddate=1594418400");
        result.IsSuccess.Should().BeTrue();
        result.Pages.Should().Be(1);
        result.MeasureGroups.Should().ContainSingle().Which.GroupId.Should().Be(14);
    }

    [Test]
    public async Task ExecuteAsync_AnswerCutShortThenWhole_RetriesAndReadsIt()
    {
        // An invalid JSON answer is transient: retried within Retry.MaxAttempts instead of failing the request.
        using var harness = new Harness();
        var whole = Fixture.Response("getmeas.page3.json");
        harness.Api.ReplyInTurn("/measure", WithingsReply.Json(whole[..(whole.Length / 2)]), WithingsReply.Json(whole));

        var result = await harness.Data.ExecuteAsync(Getmeas, "explicit-access");

        result.MeasureGroups.Should().ContainSingle().Which.GroupId.Should().Be(14);
        harness.Api.RequestsTo("/measure").Should().HaveCount(2);
    }

    [Test]
    public async Task ExecuteAsync_Status401_RefreshesTheTokenAndTheRetriedCallSucceedsWithTheNewOne()
    {
        using var harness = new Harness();
        await harness.SeedTokens("revoked-access", "old-refresh", TimeSpan.FromHours(2));
        harness.Api.ReplyInTurn("/measure", WithingsReply.Json(Fixture.Response("status401.json")), WithingsReply.Json(Fixture.Response("getmeas.page3.json")));
        harness.Api.ReplyInTurn("/v2/oauth2", WithingsReply.Json(Fixture.Response("requesttoken.json")));

        var result = await harness.Data.ExecuteAsync(Getmeas);

        // Withings' documentation: authentication failed (401) is not retried as is: refresh the token instead.
        harness.Api.Requests.Select(c => (c.Path, c.BearerToken)).Should().Equal(
            ("/measure", "revoked-access"),
            ("/v2/oauth2", null),
            ("/measure", "a075f8c14fb8df40b08ebc8508533dc332a6910a"));
        harness.Api.Requests[1].Form["refresh_token"].Should().Be("old-refresh");
        result.IsSuccess.Should().BeTrue();
        (await harness.Store.GetAsync(Harness.UserId, CancellationToken.None))!.RefreshToken.Should().Be("f631236f02b991810feb774765b6ae8e6c6839ca");
    }

    [Test]
    public async Task ExecuteAsync_Status401AgainAfterTheRefresh_FailsWithoutASecondRefresh()
    {
        using var harness = new Harness();
        await harness.SeedTokens("revoked-access", "old-refresh", TimeSpan.FromHours(2));
        harness.Api.ReplyInTurn("/measure", WithingsReply.Json(Fixture.Response("status401.json")));
        harness.Api.ReplyInTurn("/v2/oauth2", WithingsReply.Json(Fixture.Response("requesttoken.json")));

        var run = () => harness.Data.ExecuteAsync(Getmeas);

        (await run.Should().ThrowAsync<WithingsApiException>()).Which.Family.Should().Be(WithingsStatusFamily.AuthenticationFailed);
        harness.Api.RequestsTo("/v2/oauth2").Should().HaveCount(1);
        harness.Api.RequestsTo("/measure").Should().HaveCount(2);
    }

    [Test]
    public async Task ExecuteAsync_TwoConcurrentRequestsForAnExpiredUser_RefreshOnceAndBothUseTheNewToken()
    {
        using var harness = new Harness();
        await harness.SeedTokens("expired-access", "old-refresh", TimeSpan.FromMinutes(-5));
        var bothWaiting = harness.Store.ReadsReached(3);
        harness.Api.Map("/v2/oauth2", "requesttoken", _ =>
        {
            // The look-alike computes replies synchronously; holding one of its request threads is fine in a test.
            bothWaiting.Wait(TimeSpan.FromMinutes(2));
            return WithingsReply.Json(Fixture.Response("requesttoken.json"));
        });
        harness.Api.ReplyInTurn("/measure", WithingsReply.Json(Fixture.Response("getmeas.page3.json")));

        var results = await Task.WhenAll(harness.Data.ExecuteAsync(Getmeas), harness.Data.ExecuteAsync(Getmeas));

        results.Should().OnlyContain(r => r.IsSuccess);
        harness.Api.RequestsTo("/v2/oauth2").Should().HaveCount(1);
        harness.Api.RequestsTo("/measure").Select(c => c.BearerToken).Should().Equal("a075f8c14fb8df40b08ebc8508533dc332a6910a", "a075f8c14fb8df40b08ebc8508533dc332a6910a");
    }

    [Test]
    public async Task ExecuteAsync_TokenRefreshed_NewRefreshTokenIsSavedBeforeTheNewAccessTokenIsUsed()
    {
        using var harness = new Harness();
        await harness.SeedTokens("expired-access", "old-refresh", TimeSpan.FromMinutes(-5));
        harness.Api.ReplyInTurn("/v2/oauth2", WithingsReply.Json(Fixture.Response("requesttoken.json")));
        harness.Api.Map("/measure", "getmeas", call =>
        {
            lock (harness.Events)
            {
                harness.Events.Add("used access token " + call.BearerToken);
            }

            return WithingsReply.Json(Fixture.Response("getmeas.page3.json"));
        });

        await harness.Data.ExecuteAsync(Getmeas);

        // Withings' documentation: the old refresh token dies once the new access token is used.
        harness.Events.Should().Equal(
            "saved refresh token f631236f02b991810feb774765b6ae8e6c6839ca",
            "used access token a075f8c14fb8df40b08ebc8508533dc332a6910a");
    }

    [Test]
    public async Task ExecuteAsync_SignedAnswersRequest_GetsANonceAndSignsWithHmacSha256()
    {
        using var harness = new Harness();
        harness.Api.ReplyInTurn("/v2/signature", WithingsReply.Json(Fixture.Response("getnonce.json")));
        harness.Api.ReplyInTurn("/v2/answers", WithingsReply.Json(Fixture.Response("answers-get.json")));
        var answers = new FetchRequest(Harness.UserId, "/v2/answers", [new("action", "get"), new("userid", "363"), new("startdate", "1712000000")], requiresSignature: true);

        var result = await harness.Data.ExecuteAsync(answers);

        // Withings' documentation. Expected signatures computed by hand:
        //   printf '%s' 'getnonce,<client_id>,1594159644' | openssl dgst -sha256 -hmac '<client_secret>'
        //   printf '%s' 'get,<client_id>,aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d' | openssl dgst -sha256 -hmac '<client_secret>'
        harness.Api.Requests.Select(c => (c.Path, c.BearerToken, c.Body)).Should().Equal(
            ("/v2/signature", null,
                "action=getnonce&client_id=7573fd4a4c421ddd102dac406dc6e0e0e22f683c4a5e81ff0a5caf8b65abed67&timestamp=1594159644"
                + "&signature=55ac4d683b9ad71cf0e27d07f652fc37d982d51ffc44390271992ffc85092459"),
            ("/v2/answers", null,
                "action=get&userid=363&startdate=1712000000"
                + "&client_id=7573fd4a4c421ddd102dac406dc6e0e0e22f683c4a5e81ff0a5caf8b65abed67"
                + "&nonce=aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"
                + "&signature=34db9cb29bf6c3bc8d082393fbc1ce4f8d63ea4959e3fea01091f512d9d64d1b"));
        result.Rows.Should().Be(1);
        answers.Form.Should().HaveCount(3, "the signing fields go on a copy");
    }

    [Test]
    public async Task ExecuteAsync_PlanWithAFailingRequest_RunsTheOthersAndReportsTheFailure()
    {
        using var harness = new Harness();
        await harness.SeedTokens("valid-access", "valid-refresh", TimeSpan.FromHours(3));
        harness.Api.ReplyInTurn("/v2/heart", WithingsReply.Json("""{"status":2554,"body":{}}"""));
        harness.Api.ReplyInTurn("/measure", WithingsReply.Json(Fixture.Response("getmeas.page3.json")));
        var heart = new FetchRequest(Harness.UserId, "/v2/heart", [new("action", "list"), new("startdate", "1594245600"), new("enddate", "1594418400")], false);
        var link = new FetchRequest(null, "/v2/user", [new("action", "link"), new("mac_addresses", """["00:24:e4:aa:bb:cc"]""")], false);

        var results = await harness.Data.ExecuteAsync(new FetchPlan([heart, link, Getmeas]));

        results.Select(r => r.IsSuccess).Should().Equal(false, false, true);
        results[0].Error.Should().BeOfType<WithingsApiException>().Which.Status.Should().Be(2554);
        results[0].Body.ValueKind.Should().Be(JsonValueKind.Undefined);
        results[1].Error.Should().BeOfType<InvalidOperationException>().Which.Message.Should().StartWith("The request has no user (appli 53");
        results[2].MeasureGroups.Should().HaveCount(1);
    }

    [Test]
    public async Task ExecuteAsync_DateOutOfRange_KeepsTheRowRawNamingTheFieldInsteadOfCrashing()
    {
        using var harness = new Harness();
        harness.Api.ReplyInTurn("/v2/sleep", WithingsReply.Json("""{"status":0,"body":{"series":[{"startdate":99999999999999,"enddate":1594257200}],"more":false,"offset":0}}"""));
        var sleep = new FetchRequest(Harness.UserId, "/v2/sleep", [new("action", "getsummary"), new("lastupdate", "1594000000")], false);

        var results = await harness.Data.ExecuteAsync(new FetchPlan([sleep]), "explicit-access");

        results[0].IsSuccess.Should().BeTrue();
        results[0].Records.Count.Should().Be(0);
        var unread = results[0].UnreadRows.Should().ContainSingle().Subject;
        (unread.Path, unread.Field).Should().Be(("series[0]", "startdate"));
        unread.Reason.Should().Be("Expected unix epoch seconds (an integer between years 0001 and 9999).");
    }

    [Test]
    public async Task ExecuteAsync_RowThatIsNotAMeasureGroup_KeepsItRawNamingTheRowAndKeepsTheBody()
    {
        using var harness = new Harness();
        harness.Api.ReplyInTurn("/measure", WithingsReply.Json("""{"status":0,"body":{"measuregrps":[{"grpid":1,"date":"yesterday","measures":[]}],"more":0,"offset":0}}"""));

        var results = await harness.Data.ExecuteAsync(new FetchPlan([Getmeas]), "explicit-access");

        results[0].IsSuccess.Should().BeTrue();
        results[0].MeasureGroups.Should().BeEmpty();
        var unread = results[0].UnreadRows.Should().ContainSingle().Subject;
        (unread.Path, unread.Field).Should().Be(("measuregrps[0]", "date"));
        unread.Json.GetProperty("date").GetString().Should().Be("yesterday");
        results[0].Body.GetProperty("measuregrps")[0].GetProperty("date").GetString().Should().Be("yesterday");
    }

    [Test]
    public async Task ExecuteAsync_RowsNotInTheServiceShape_FailsNamingTheField()
    {
        // Not one odd row but no rows at all: the response is not the service's.
        using var harness = new Harness();
        harness.Api.ReplyInTurn("/measure", WithingsReply.Json("""{"status":0,"body":{"measuregrps":"none","more":0,"offset":0}}"""));

        var results = await harness.Data.ExecuteAsync(new FetchPlan([Getmeas]), "explicit-access");

        var error = results[0].Error.Should().BeOfType<WithingsApiException>().Subject;
        error.IsTransient.Should().BeFalse();
        error.InnerException.Should().BeOfType<JsonException>().Which.Path.Should().Be("measuregrps");
    }
}
