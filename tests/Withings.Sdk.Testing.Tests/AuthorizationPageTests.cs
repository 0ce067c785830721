using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Withings.Sdk.Testing.Tests;

/// <summary>
/// The look-alike's stand-in for Withings' authorization page, reached with the URL the SDK's OAuth client builds: it
/// redirects back with a code and the state, and requesttoken accepts that code once, within 30 seconds, for the same
/// redirect URI.
/// </summary>
public sealed class AuthorizationPageTests
{
    private static readonly Uri Redirect = new("https://app.example/withings/link/callback");

    [Test]
    public async Task AuthorizePage_SdkAuthorizeUrl_RedirectsWithACodeThatWorksOnce()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1709380800));
        await using var lookAlike = await StrictAsync(clock);
        using var services = Services(lookAlike, clock);
        var oauth = services.GetRequiredService<IWithingsOAuthClient>();

        var back = await FollowAsync(oauth.GetAuthorizeUrl([WithingsScopes.UserMetrics, WithingsScopes.UserActivity], Redirect, "state with spaces & more"));
        var query = QueryHelpers.ParseQuery(back.Query);
        var pair = await oauth.ExchangeCodeAsync(query["code"].ToString(), Redirect);
        var again = async () => await oauth.ExchangeCodeAsync(query["code"].ToString(), Redirect);

        back.GetLeftPart(UriPartial.Path).Should().Be(Redirect.AbsoluteUri);
        query["state"].ToString().Should().Be("state with spaces & more");
        pair.UserId.Should().Be(lookAlike.Options.DefaultUserId);
        pair.Scope.Should().Be("user.metrics,user.activity", "the token carries the scopes asked for");
        (await again.Should().ThrowAsync<WithingsApiException>()).Which.Status.Should().Be(503, "a code works once");
        lookAlike.Requests[0].Path.Should().Be("/oauth2_user/authorize2");
    }

    [Test]
    public async Task AuthorizePage_DemoMode_AuthorizesTheDemoUser()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1709380800));
        await using var lookAlike = await StrictAsync(clock);
        using var services = Services(lookAlike, clock);
        var oauth = services.GetRequiredService<IWithingsOAuthClient>();

        var back = await FollowAsync(new Uri(oauth.GetAuthorizeUrl([WithingsScopes.UserMetrics], Redirect, "s").AbsoluteUri + "&mode=demo"));
        var pair = await oauth.ExchangeCodeAsync(QueryHelpers.ParseQuery(back.Query)["code"].ToString(), Redirect);

        pair.UserId.Should().Be(lookAlike.Options.DemoUserId);
    }

    [Test]
    public async Task AuthorizePage_Refused_RedirectsWithAccessDeniedOnceAndNoCode()
    {
        await using var lookAlike = await StrictAsync(TimeProvider.System);
        using var services = Services(lookAlike, TimeProvider.System);
        var url = services.GetRequiredService<IWithingsOAuthClient>().GetAuthorizeUrl([WithingsScopes.UserMetrics], new Uri("https://app.example/cb?tenant=7"), "s-1");
        lookAlike.RefuseNextAuthorization();

        var refused = await FollowAsync(url);
        var next = await FollowAsync(url);

        refused.Should().Be(new Uri("https://app.example/cb?tenant=7&error=access_denied&state=s-1"));
        QueryHelpers.ParseQuery(next.Query).Should().ContainKey("code", "only the next visit is refused");
    }

    [TestCase("client_id", "someone-else", "unknown client_id")]
    [TestCase("redirect_uri", "", "redirect_uri must be an absolute http(s) URL")]
    [TestCase("redirect_uri", "/relative", "redirect_uri must be an absolute http(s) URL")]
    [TestCase("response_type", "token", "response_type must be code")]
    [TestCase("state", "", "state is required")]
    [TestCase("mode", "live", "mode must be demo or absent")]
    public async Task AuthorizePage_RequestWithingsWouldNotRedirect_Answers400(string field, string value, string problem)
    {
        await using var lookAlike = await StrictAsync(TimeProvider.System);
        var fields = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = lookAlike.Options.ClientId,
            ["scope"] = "user.metrics",
            ["redirect_uri"] = Redirect.AbsoluteUri,
            ["state"] = "s",
        };
        fields[field] = value;
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        using var response = await http.GetAsync(QueryHelpers.AddQueryString(lookAlike.AuthorizeEndpoint.AbsoluteUri, fields));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Headers.Location.Should().BeNull();
        (await response.Content.ReadAsStringAsync()).Should().EndWith(problem);
    }

    [Test]
    public async Task AuthorizationCode_30SecondsOld_IsRefused()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1709380800));
        await using var lookAlike = await StrictAsync(clock);
        using var services = Services(lookAlike, clock);
        var oauth = services.GetRequiredService<IWithingsOAuthClient>();
        var code = QueryHelpers.ParseQuery((await FollowAsync(oauth.GetAuthorizeUrl([WithingsScopes.UserMetrics], Redirect, "s"))).Query)["code"].ToString();

        clock.Advance(TimeSpan.FromSeconds(30));
        var late = async () => await oauth.ExchangeCodeAsync(code, Redirect);

        (await late.Should().ThrowAsync<WithingsApiException>()).Which.Status.Should().Be(503);
    }

    [Test]
    public async Task AuthorizationCode_ExchangedWithAnotherRedirectUri_IsRefused()
    {
        await using var lookAlike = await StrictAsync(TimeProvider.System);
        using var services = Services(lookAlike, TimeProvider.System);
        var oauth = services.GetRequiredService<IWithingsOAuthClient>();
        var code = QueryHelpers.ParseQuery((await FollowAsync(oauth.GetAuthorizeUrl([WithingsScopes.UserMetrics], Redirect, "s"))).Query)["code"].ToString();

        var other = async () => await oauth.ExchangeCodeAsync(code, new Uri("https://attacker.example/callback"));

        (await other.Should().ThrowAsync<WithingsApiException>()).Which.Status.Should().Be(503);
    }

    // One step of a browser: the page's redirect, not followed.
    private static async Task<Uri> FollowAsync(Uri url)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await http.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.Found, await response.Content.ReadAsStringAsync());
        return response.Headers.Location!;
    }

    private static Task<WithingsLookAlike> StrictAsync(TimeProvider clock) =>
        WithingsLookAlike.StartAsync(new WithingsLookAlikeOptions { AcceptAnyAccessToken = false, TimeProvider = clock });

    private static ServiceProvider Services(WithingsLookAlike lookAlike, TimeProvider clock)
    {
        var services = new ServiceCollection().AddSingleton(clock);
        services.AddWithingsNotifications(o =>
        {
            o.ApiBaseAddress = lookAlike.BaseAddress;
            o.ClientId = lookAlike.Options.ClientId;
            o.ClientSecret = lookAlike.Options.ClientSecret;
            o.OAuth.AuthorizeEndpoint = lookAlike.AuthorizeEndpoint;
            o.Retry.BaseDelay = TimeSpan.Zero;
        });
        return services.BuildServiceProvider();
    }
}
