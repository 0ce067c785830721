using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.Data;

/// <summary>
/// The whole path a new user takes, over a real loopback socket: a weight notification is parsed, planned and run
/// with the services of <c>AddWithingsNotifications</c>, against a Withings look-alike.
/// </summary>
public sealed class LoopbackFetchTests
{
    [Test]
    public async Task ExecuteAsync_WeightNotificationForAnExpiredUser_RefreshesOnceAndFetchesEveryPageWithRealValues()
    {
        var pages = new Dictionary<string, string>
        {
            [string.Empty] = Fixture.Response("getmeas.page1.json"),
            ["1"] = Fixture.Response("getmeas.page2.json"),
            ["2"] = Fixture.Response("getmeas.page3.json"),
        };
        await using var server = await WithingsLookAlike.StartAsync();
        server.Map(call => WithingsReply.Json(call.Path switch
        {
            "/v2/oauth2" => Fixture.Response("requesttoken.json").Replace("\"userid\":363", "\"userid\":12345", StringComparison.Ordinal),
            "/measure" when call.BearerToken == "a075f8c14fb8df40b08ebc8508533dc332a6910a" => pages[call.Form.GetValueOrDefault("offset", string.Empty)],
            _ => Fixture.Response("status401.json"),
        }));
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Withings:ApiBaseAddress"] = server.BaseAddress.AbsoluteUri,
            ["Withings:ClientId"] = Harness.ClientId,
            ["Withings:ClientSecret"] = Harness.ClientSecret,
        }).Build());
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Harness.Now));
        services.AddWithingsNotifications();
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IWithingsTokenStore>().SaveAsync(
            new WithingsTokenPair(12345, "expired-access", "old-refresh", Harness.Now.AddMinutes(-1), "user.metrics"), CancellationToken.None);

        // Withings' documented example notification (docs/withings-api.md §1).
        var notification = provider.GetRequiredService<NotificationParser>().Parse("foo=bar&userid=12345&appli=1&startdate=1530576000&enddate=1530698753");
        var plan = provider.GetRequiredService<FetchPlanner>().Plan(notification);
        var results = await provider.GetRequiredService<IWithingsDataClient>().ExecuteAsync(plan);

        var result = results.Should().ContainSingle().Subject;
        result.IsSuccess.Should().BeTrue();
        result.Url.Should().Be(new Uri(server.BaseAddress, "measure"));
        result.Pages.Should().Be(3);
        result.MeasureGroups.SelectMany(g => g.Measures).Select(m => (m.Type, m.Value)).Should().Equal(
            (MeasureType.Weight, 72.00m), (MeasureType.FatRatio, 23.45m), (MeasureType.Weight, 65.750m), (MeasureType.MuscleMass, 54.10m), ((MeasureType)999, 71m));
        server.Requests.Select(c => (c.Path, c.BearerToken, c.Form.GetValueOrDefault("offset"))).Should().Equal(
            ("/v2/oauth2", null, null),
            ("/measure", "a075f8c14fb8df40b08ebc8508533dc332a6910a", null),
            ("/measure", "a075f8c14fb8df40b08ebc8508533dc332a6910a", "1"),
            ("/measure", "a075f8c14fb8df40b08ebc8508533dc332a6910a", "2"));
        server.Requests[0].Form["refresh_token"].Should().Be("old-refresh");
        (await provider.GetRequiredService<IWithingsTokenStore>().GetAsync(12345, CancellationToken.None))!.RefreshToken
            .Should().Be("f631236f02b991810feb774765b6ae8e6c6839ca");
    }

    [Test]
    public async Task ExecuteAsync_AccessTokenProviderReplaced_SendsItsTokenAndAsksItAgainAfterARefusal()
    {
        await using var server = await WithingsLookAlike.StartAsync();
        server.Map(request => WithingsReply.Json(request.BearerToken == "second-token"
            ? Fixture.Response("getmeas.page3.json")
            : Fixture.Response("status401.json")));
        var services = new ServiceCollection();
        services.AddWithingsNotifications(o => o.ApiBaseAddress = server.BaseAddress);
        var tokens = new ScriptedTokenProvider();
        services.AddSingleton<IWithingsAccessTokenProvider>(tokens);
        await using var provider = services.BuildServiceProvider();

        var plan = provider.GetRequiredService<FetchPlanner>().Plan(
            provider.GetRequiredService<NotificationParser>().Parse("userid=12345&appli=1&startdate=1530576000&enddate=1530698753"));
        var result = (await provider.GetRequiredService<IWithingsDataClient>().ExecuteAsync(plan)).Should().ContainSingle().Subject;

        result.IsSuccess.Should().BeTrue();
        server.Requests.Select(c => c.BearerToken).Should().Equal("first-token", "second-token");
        tokens.Calls.Should().Equal("get 12345", "refresh 12345 first-token");
    }

    private sealed class ScriptedTokenProvider : IWithingsAccessTokenProvider
    {
        public List<string> Calls { get; } = [];

        public Task<string> GetAccessTokenAsync(long userId, CancellationToken cancellationToken = default)
        {
            Calls.Add($"get {userId}");
            return Task.FromResult("first-token");
        }

        public Task<string> RefreshAsync(long userId, string rejectedAccessToken, CancellationToken cancellationToken = default)
        {
            Calls.Add($"refresh {userId} {rejectedAccessToken}");
            return Task.FromResult("second-token");
        }
    }
}
