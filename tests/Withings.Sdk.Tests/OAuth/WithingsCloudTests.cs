using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.OAuth;

/// <summary>
/// <c>Withings:Cloud</c> moves the API host and the authorization page together: token calls, Notify calls, signed
/// calls and authorize URLs all follow it, and an explicit address still wins.
/// </summary>
public sealed class WithingsCloudTests
{
    private static readonly Uri Callback = new("https://example.com/withings/notify");

    private static (ServiceProvider Services, FakeWithingsApi Api, NotifyLookAlike Withings) Build(Dictionary<string, string?> settings)
    {
        var withings = new NotifyLookAlike();
        withings.AddUser(363, "at-363", "rt-363");
        var api = new FakeWithingsApi().Reply(request =>
        {
            var body = request.Content?.ReadAsStringAsync().GetAwaiter().GetResult() ?? string.Empty;
            var call = new ApiCall(request.RequestUri!.AbsolutePath, body, ApiCall.DecodeForm(body), request.Headers.Authorization?.Parameter);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(withings.Reply(call), Encoding.UTF8, "application/json") };
        });
        settings["Withings:ClientId"] = NotifyLookAlike.ClientId;
        settings["Withings:ClientSecret"] = NotifyLookAlike.ClientSecret;
        settings["Withings:Notify:SubscribeSpacing"] = "00:00:00";
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddSingleton<TimeProvider>(new FakeTimeProvider(Harness.Now));
        services.AddWithingsNotifications();
        services.ConfigureHttpClientDefaults(b => b.ConfigurePrimaryHttpMessageHandler(() => api.Handler));
        return (services.BuildServiceProvider(), api, withings);
    }

    private static async Task<(string AuthorizeHost, IReadOnlyList<string> ApiHosts)> UseEveryHostAsync(ServiceProvider services, FakeWithingsApi api)
    {
        var oauth = services.GetRequiredService<IWithingsOAuthClient>();
        var authorize = oauth.GetAuthorizeUrl([WithingsScopes.UserMetrics], new Uri("https://example.com/linked"), "st4te");
        var pair = await oauth.RefreshAsync("rt-363");
        await services.GetRequiredService<IWithingsNotifyClient>().EnsureSubscriptionsAsync(pair.AccessToken, Callback, [NotificationCategory.Weight]);
        await services.GetRequiredService<IWithingsNotifyClient>().SubscribeNoAccountAssociatedAsync(Callback);
        await oauth.RevokeAsync(363);
        api.Requests.Select(r => r.Uri.AbsolutePath).Should().Equal(
            "/v2/oauth2", "/notify", "/notify", "/v2/signature", "/notify", "/v2/signature", "/v2/oauth2");
        return (authorize.Host, [.. api.Requests.Select(r => r.Uri.GetLeftPart(UriPartial.Authority)).Distinct()]);
    }

    [Test]
    public async Task Cloud_UnitedStates_MovesTokenNotifySignedCallsAndAuthorizePage()
    {
        var (services, api, _) = Build(new() { ["Withings:Cloud"] = "UnitedStates" });
        await using var _services = services;
        using var _api = api;

        var (authorizeHost, apiHosts) = await UseEveryHostAsync(services, api);

        authorizeHost.Should().Be("account.us.withingsmed.com");
        apiHosts.Should().Equal("https://wbsapi.us.withingsmed.net");
        services.GetRequiredService<IOptions<WithingsOptions>>().Value.ApiBaseAddress.Should().Be(WithingsOptions.UsMedicalCloudApiBaseAddress);
    }

    [Test]
    public async Task Cloud_Default_IsTheGlobalCloud()
    {
        var (services, api, _) = Build([]);
        await using var _services = services;
        using var _api = api;

        var (authorizeHost, apiHosts) = await UseEveryHostAsync(services, api);

        authorizeHost.Should().Be("account.withings.com");
        apiHosts.Should().Equal("https://wbsapi.withings.net");
    }

    [Test]
    public async Task Cloud_UnitedStatesWithExplicitAddresses_TheExplicitAddressesWin()
    {
        var (services, api, _) = Build(new()
        {
            ["Withings:Cloud"] = "UnitedStates",
            ["Withings:ApiBaseAddress"] = "https://withings-proxy.example.com",
            ["Withings:OAuth:AuthorizeEndpoint"] = "https://login.example.com/authorize2",
        });
        await using var _services = services;
        using var _api = api;

        var (authorizeHost, apiHosts) = await UseEveryHostAsync(services, api);

        authorizeHost.Should().Be("login.example.com");
        apiHosts.Should().Equal("https://withings-proxy.example.com");
    }

    [Test]
    public void Cloud_UnitedStatesWithOnlyAnExplicitApiAddress_AuthorizePageStillFollowsTheCloud()
    {
        var options = new WithingsOptions { Cloud = WithingsCloud.UnitedStates, ApiBaseAddress = new Uri("http://127.0.0.1:5000"), ClientId = NotifyLookAlike.ClientId };
        using var api = new FakeWithingsApi();
        var oauth = new WithingsOAuthClient(api.CreateClient(), new InMemoryWithingsTokenStore(), new Planning.StaticOptionsMonitor(options));

        var url = oauth.GetAuthorizeUrl([WithingsScopes.UserInfo], new Uri("https://example.com/linked"), "s");

        options.ApiBaseAddress.Should().Be(new Uri("http://127.0.0.1:5000"));
        url.GetLeftPart(UriPartial.Path).Should().Be("https://account.us.withingsmed.com/oauth2_user/authorize2");
    }

    [Test]
    public void Cloud_UnknownValue_FailsValidationNamingTheSetting()
    {
        var services = new ServiceCollection();
        services.AddWithingsNotifications(o => o.Cloud = (WithingsCloud)7);
        using var provider = services.BuildServiceProvider();

        var read = () => provider.GetRequiredService<IOptions<WithingsOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().Which.Failures.Should().Contain(f => f.StartsWith("Withings:Cloud:", StringComparison.Ordinal));
    }
}
