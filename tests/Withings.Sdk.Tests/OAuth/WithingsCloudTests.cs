using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.OAuth;

/// <summary>
/// <c>Withings:Cloud</c> moves the API host and the authorization page together: token calls, Notify calls, signed
/// calls and authorize URLs all follow it, and an explicit address still wins.
/// </summary>
public sealed class WithingsCloudTests
{
    private static readonly Uri Callback = new("https://example.com/withings/notify");

    // The look-alike behind a handler that takes every request whatever its host: the intended address stays in
    // the Host and X-Forwarded-Proto headers the look-alike logs.
    private static async Task<(ServiceProvider Services, WithingsLookAlike Api)> BuildAsync(Dictionary<string, string?> settings)
    {
        var api = await LookAlikes.StartStrictAsync();
        api.AddUser(363, "at-363", "rt-363");
        settings["Withings:ClientId"] = Harness.ClientId;
        settings["Withings:ClientSecret"] = Harness.ClientSecret;
        settings["Withings:Notify:SubscribeSpacing"] = "00:00:00";
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddSingleton<TimeProvider>(new FakeTimeProvider(Harness.Now));
        services.AddWithingsNotifications();
        services.ConfigureHttpClientDefaults(b => b.ConfigurePrimaryHttpMessageHandler(api.CreateHandler));
        return (services.BuildServiceProvider(), api);
    }

    private static async Task<(string AuthorizeHost, IReadOnlyList<string> ApiHosts)> UseEveryHostAsync(ServiceProvider services, WithingsLookAlike api)
    {
        var oauth = services.GetRequiredService<IWithingsOAuthClient>();
        var authorize = oauth.GetAuthorizeUrl([WithingsScopes.UserMetrics], new Uri("https://example.com/linked"), "st4te");
        var pair = await oauth.RefreshAsync("rt-363");
        await services.GetRequiredService<IWithingsNotifyClient>().EnsureSubscriptionsAsync(pair.AccessToken, Callback, [NotificationCategory.Weight]);
        await services.GetRequiredService<IWithingsNotifyClient>().SubscribeNoAccountAssociatedAsync(Callback);
        await oauth.RevokeAsync(363);
        api.Requests.Select(r => r.Path).Should().Equal(
            "/v2/oauth2", "/notify", "/notify", "/v2/signature", "/notify", "/v2/signature", "/v2/oauth2");
        return (authorize.Host, [.. api.Requests.Select(r => r.Headers["X-Forwarded-Proto"] + "://" + r.Headers["Host"]).Distinct()]);
    }

    [Test]
    public async Task Cloud_UnitedStates_MovesTokenNotifySignedCallsAndAuthorizePage()
    {
        var (services, api) = await BuildAsync(new() { ["Withings:Cloud"] = "UnitedStates" });
        await using var _services = services;
        await using var _api = api;

        var (authorizeHost, apiHosts) = await UseEveryHostAsync(services, api);

        authorizeHost.Should().Be("account.us.withingsmed.com");
        apiHosts.Should().Equal("https://wbsapi.us.withingsmed.net");
        services.GetRequiredService<IOptions<WithingsOptions>>().Value.ApiBaseAddress.Should().Be(WithingsOptions.UsMedicalCloudApiBaseAddress);
    }

    [Test]
    public async Task Cloud_Default_IsTheGlobalCloud()
    {
        var (services, api) = await BuildAsync([]);
        await using var _services = services;
        await using var _api = api;

        var (authorizeHost, apiHosts) = await UseEveryHostAsync(services, api);

        authorizeHost.Should().Be("account.withings.com");
        apiHosts.Should().Equal("https://wbsapi.withings.net");
    }

    [Test]
    public async Task Cloud_UnitedStatesWithExplicitAddresses_TheExplicitAddressesWin()
    {
        var (services, api) = await BuildAsync(new()
        {
            ["Withings:Cloud"] = "UnitedStates",
            ["Withings:ApiBaseAddress"] = "https://withings-proxy.example.com",
            ["Withings:OAuth:AuthorizeEndpoint"] = "https://login.example.com/authorize2",
        });
        await using var _services = services;
        await using var _api = api;

        var (authorizeHost, apiHosts) = await UseEveryHostAsync(services, api);

        authorizeHost.Should().Be("login.example.com");
        apiHosts.Should().Equal("https://withings-proxy.example.com");
    }

    [Test]
    public void Cloud_UnitedStatesWithOnlyAnExplicitApiAddress_AuthorizePageStillFollowsTheCloud()
    {
        var options = new WithingsOptions { Cloud = WithingsCloud.UnitedStates, ApiBaseAddress = new Uri("http://127.0.0.1:5000"), ClientId = Harness.ClientId };
        using var http = new HttpClient();
        var oauth = new WithingsOAuthClient(http, new InMemoryWithingsTokenStore(), new Planning.StaticOptionsMonitor(options));

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
