using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk.Testing.Tests;

/// <summary>Scripted and computed replies, and the request log, seen through the SDK's own clients.</summary>
public sealed class ScriptedRepliesTests
{
    private const string Token = "test-token";
    private static readonly Uri Callback = new("https://example.com/withings/notify");

    [Test]
    public async Task Enqueue_Status601ThenNothing_TheSdkRetriesAndTheLookAlikeAnswersAsWithingsAfterwards()
    {
        await using var lookAlike = await WithingsLookAlike.StartAsync();
        lookAlike.Enqueue("/notify", "subscribe", WithingsReply.Status(601));
        using var services = Services(lookAlike.BaseAddress);
        var notify = services.GetRequiredService<IWithingsNotifyClient>();

        await notify.SubscribeAsync(Token, Callback, NotificationCategory.Weight, "w");

        lookAlike.Requests.Select(r => r.Action).Should().Equal("subscribe", "subscribe");
        lookAlike.SubscriptionsOf(lookAlike.Options.DefaultUserId).Should().Equal(new LookAlikeSubscription(12345, 1, Callback.AbsoluteUri, "w"));
    }

    [Test]
    public async Task Enqueue_SeveralReplies_AreAnsweredOnceEachInOrderForThatActionOnly()
    {
        await using var lookAlike = await WithingsLookAlike.StartAsync();
        lookAlike.Enqueue("/notify", "list", WithingsReply.Status(2554), WithingsReply.Ok("""{"profiles":[{"appli":44,"callbackurl":"https://example.com/a","comment":"c"}]}"""));
        using var services = Services(lookAlike.BaseAddress);
        var notify = services.GetRequiredService<IWithingsNotifyClient>();

        var refused = async () => await notify.ListAsync(Token);
        (await refused.Should().ThrowAsync<WithingsApiException>()).Which.Status.Should().Be(2554);
        var scripted = await notify.ListAsync(Token);
        var own = await notify.ListAsync(Token);

        scripted.Should().ContainSingle().Which.CallbackUrl.Should().Be("https://example.com/a");
        own.Should().BeEmpty("the queue is used up and the look-alike holds no subscription");
    }

    [Test]
    public async Task Map_ComputedReply_SeesTheRequestAndNullFallsThroughToTheLookAlike()
    {
        await using var lookAlike = await WithingsLookAlike.StartAsync();
        lookAlike.Map("/measure", "getmeas", request => request.Field("offset") is null
            ? WithingsReply.Ok("""{"updatetime":1709274000,"timezone":"Europe/Paris","measuregrps":[{"grpid":1,"attrib":0,"date":1709272900,"created":1709272900,"modified":1709272900,"category":1,"deviceid":"5ac45bab078c4828692f0276b1892359876fd880","measures":[{"value":82,"type":9,"unit":0}]}],"more":1,"offset":7}""")
            : null);
        using var services = Services(lookAlike.BaseAddress);
        var plan = services.GetRequiredService<FetchPlanner>().Plan(
            new NotificationParser().Parse(WithingsNotificationBody.BloodPressure(12345, DateTimeOffset.FromUnixTimeSeconds(1709272800), DateTimeOffset.FromUnixTimeSeconds(1709276400))));

        var result = (await services.GetRequiredService<IWithingsDataClient>().ExecuteAsync(plan, Token)).Single();

        result.IsSuccess.Should().BeTrue();
        result.Pages.Should().Be(2);
        lookAlike.Requests.Select(r => r.Field("offset")).Should().Equal(null, "7");
        // The scripted page's diastolic 82, then the look-alike's own blood pressure group (79, 121, 64).
        result.MeasureGroups.SelectMany(g => g.Measures).Select(m => m.Value).Should().Equal(82m, 79m, 121m, 64m);
    }

    [Test]
    public async Task Http502_ReachesTheClientAsAnHttpFailureNotAWithingsStatus()
    {
        await using var lookAlike = await WithingsLookAlike.StartAsync();
        lookAlike.Map(_ => WithingsReply.Http(HttpStatusCode.BadGateway, "proxy down"));
        using var http = new HttpClient();

        using var response = await http.PostAsync(new Uri(lookAlike.BaseAddress, "notify"), new FormUrlEncodedContent([new("action", "list")]));

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        (await response.Content.ReadAsStringAsync()).Should().Be("proxy down");
    }

    [Test]
    public async Task Requests_LogMethodPathQueryActionFormHeadersAndBody()
    {
        await using var lookAlike = await WithingsLookAlike.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(lookAlike.BaseAddress, "v2/sleep?x=1"))
        {
            Content = new FormUrlEncodedContent([new("action", "get"), new("startdate", "1709336580"), new("data_fields", "hr,rr")]),
        };
        request.Headers.Authorization = new("Bearer", "abc");

        using var response = await http.SendAsync(request);

        var logged = lookAlike.Requests.Should().ContainSingle().Subject;
        logged.Method.Should().Be("POST");
        logged.Path.Should().Be("/v2/sleep");
        logged.QueryString.Should().Be("?x=1");
        logged.Action.Should().Be("get");
        logged.Form.Should().Equal(new Dictionary<string, string> { ["x"] = "1", ["action"] = "get", ["startdate"] = "1709336580", ["data_fields"] = "hr,rr" });
        logged.Body.Should().Be("action=get&startdate=1709336580&data_fields=hr%2Crr");
        logged.BearerToken.Should().Be("abc");
        logged.Headers["content-type"].Should().Be("application/x-www-form-urlencoded");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("status").GetInt32().Should().Be(0);
        json.RootElement.GetProperty("body").GetProperty("series").GetArrayLength().Should().Be(0);
    }

    [Test]
    public async Task UnknownService_AnswersStatus2554InAnHttp200Envelope()
    {
        await using var lookAlike = await WithingsLookAlike.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(lookAlike.BaseAddress, "v2/nowhere")) { Content = new FormUrlEncodedContent([new("action", "x")]) };
        request.Headers.Authorization = new("Bearer", "abc");

        using var response = await http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("status").GetInt32().Should().Be(2554);
    }

    [Test]
    public async Task CreateHandler_SendsAnyHostsRequestHereAndKeepsTheIntendedAddress()
    {
        await using var lookAlike = await WithingsLookAlike.StartAsync();
        using var http = new HttpClient(lookAlike.CreateHandler());
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://wbsapi.us.withingsmed.net/notify") { Content = new FormUrlEncodedContent([new("action", "list")]) };
        request.Headers.Authorization = new("Bearer", "abc");

        using var response = await http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var logged = lookAlike.Requests.Should().ContainSingle().Subject;
        (logged.Headers["X-Forwarded-Proto"], logged.Headers["Host"], logged.Path).Should().Be(("https", "wbsapi.us.withingsmed.net", "/notify"));
    }

    [Test]
    public void Replies_InvalidArguments_AreRefusedNamingTheParameter()
    {
        FluentActions.Invoking(() => WithingsReply.Ok("[1]")).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("bodyJson");
        FluentActions.Invoking(() => WithingsReply.Ok("{not json")).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("bodyJson");
        FluentActions.Invoking(() => WithingsReply.Status(0)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("status");
    }

    private static ServiceProvider Services(Uri baseAddress) =>
        new ServiceCollection()
            .AddWithingsNotifications(o =>
            {
                o.ApiBaseAddress = baseAddress;
                o.Retry.BaseDelay = TimeSpan.Zero;
                o.Retry.RateLimitWait = TimeSpan.Zero;
            }).Services
            .BuildServiceProvider();
}
