using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk.Testing.Tests;

/// <summary>The look-alike's own Notify and Measure behaviour, driven by the SDK's own clients over loopback HTTP.</summary>
public sealed class LookAlikeNotifyAndMeasureTests
{
    private const string Token = "test-token";
    private static readonly Uri Callback = new("https://demo.example.com/withings/notify");

    [Test]
    public async Task Notify_UpdateThenRevoke_BehavesLikeWithingsNotify()
    {
        await using var lookAlike = await WithingsLookAlike.StartAsync();
        using var services = Services(lookAlike.BaseAddress);
        var notify = services.GetRequiredService<IWithingsNotifyClient>();

        await notify.SubscribeAsync(Token, Callback, NotificationCategory.Sleep, "first");
        await notify.UpdateAsync(Token, Callback, NotificationCategory.Sleep, NotifyUpdate.WithComment("second"));
        var updated = await notify.GetAsync(Token, Callback, NotificationCategory.Sleep);
        await notify.RevokeAsync(Token, Callback, NotificationCategory.Sleep);
        var afterRevoke = await notify.ListAsync(Token);
        var revokeAgain = async () => await notify.RevokeAsync(Token, Callback, NotificationCategory.Sleep);

        updated.Comment.Should().Be("second");
        afterRevoke.Should().BeEmpty();
        // docs/withings-api.md §3: 286, no such subscription.
        (await revokeAgain.Should().ThrowAsync<WithingsApiException>()).Which.Status.Should().Be(286);
        lookAlike.Requests.Select(r => $"{r.Path} {r.Action}").Should().Equal(
            "/notify subscribe", "/notify update", "/notify get", "/notify revoke", "/notify list", "/notify revoke");
    }

    [Test]
    public async Task GetMeas_BloodPressureWindow_ReturnsOnlyThatGroupsMeasures()
    {
        await using var lookAlike = await WithingsLookAlike.StartAsync();
        using var services = Services(lookAlike.BaseAddress);
        var planner = services.GetRequiredService<FetchPlanner>();
        var plan = planner.Plan(new NotificationParser().Parse("userid=12345&appli=4&startdate=1709272800&enddate=1709276400"));

        var result = (await services.GetRequiredService<IWithingsDataClient>().ExecuteAsync(plan, Token)).Single();

        result.IsSuccess.Should().BeTrue();
        result.MeasureGroups.Should().ContainSingle().Which.Measures.Select(m => (m.Type, m.Value))
            .Should().Equal((MeasureType.DiastolicBloodPressure, 79m), (MeasureType.SystolicBloodPressure, 121m), (MeasureType.HeartPulse, 64m));
    }

    [TestCase("action=list&startdate=1594159000&enddate=1594160000", """{"status":0,"body":{"series":[],"more":false,"offset":0}}""")]
    [TestCase("action=get&signalid=48", """{"status":0,"body":{"signal":[],"frequency":0,"duration":0}}""")]
    public async Task Stetho_ListAndGet_AnswerWithingsShapesForAnAccountWithoutRecordings(string form, string expected)
    {
        await using var lookAlike = await WithingsLookAlike.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(lookAlike.BaseAddress, "/v2/stetho"))
        {
            Content = new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);

        using var response = await http.SendAsync(request);

        (await response.Content.ReadAsStringAsync()).Should().Be(expected);
    }

    [Test]
    public async Task AnyCall_WithoutBearerToken_AnswersStatus401InAnHttp200Envelope()
    {
        await using var lookAlike = await WithingsLookAlike.StartAsync();
        using var http = new HttpClient();

        using var response = await http.PostAsync(new Uri(lookAlike.BaseAddress, "/notify"), new FormUrlEncodedContent([new("action", "list")]));

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"status":401,"body":{},"error":"Authentication failed: invalid or missing bearer token"}""");
    }

    private static ServiceProvider Services(Uri baseAddress) =>
        new ServiceCollection()
            .AddWithingsNotifications(o => o.ApiBaseAddress = baseAddress).Services
            .BuildServiceProvider();
}
