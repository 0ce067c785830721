using Withings.Sdk.Tests.Planning;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.OAuth;

/// <summary>OAuth 2 against docs/withings-api.md §6 and the oauth2 operations of Withings' API reference, over the loopback Withings look-alike.</summary>
public sealed class WithingsOAuthClientTests
{
    [Test]
    public void GetAuthorizeUrl_ThreeScopes_HasTheShapeOfWithingsExampleUrl()
    {
        using var harness = new Harness();

        var url = harness.OAuth.GetAuthorizeUrl(
            [WithingsScopes.UserInfo, WithingsScopes.UserMetrics, WithingsScopes.UserActivity],
            new Uri("https://www.withings.com"),
            "b8a4d1e0");

        // Withings' API reference, "Authorization URL": ...authorize2?response_type=code&client_id=…&scope=user.info,user.metrics,user.activity&redirect_uri=…&state=…
        url.AbsoluteUri.Should().Be(
            "https://account.withings.com/oauth2_user/authorize2?response_type=code"
            + "&client_id=7573fd4a4c421ddd102dac406dc6e0e0e22f683c4a5e81ff0a5caf8b65abed67"
            + "&scope=user.info,user.metrics,user.activity"
            + "&redirect_uri=https:%2F%2Fwww.withings.com"
            + "&state=b8a4d1e0");
    }

    [Test]
    public void GetAuthorizeUrl_NoScope_NamesTheParameter()
    {
        using var harness = new Harness();

        var build = () => harness.OAuth.GetAuthorizeUrl([], new Uri("https://www.withings.com"), "state");

        build.Should().Throw<ArgumentException>().WithMessage("scopes: ask for at least one scope*");
    }

    [Test]
    public async Task ExchangeCodeAsync_CodeFromTheRedirect_PostsTheDocumentedFormAndSavesThePair()
    {
        using var harness = new Harness();
        harness.Api.ReplyInTurn("/v2/oauth2", WithingsReply.Json(Fixture.Response("requesttoken.json")));

        var pair = await harness.OAuth.ExchangeCodeAsync("mtwsikawoqleuroqcluggflrqilrnqbgqvqeuhhh", new Uri("https://www.withings.com"));

        // Withings' API reference, oauth2 getaccesstoken: grant_type=authorization_code; no bearer token on this call.
        var call = harness.Api.Requests.Should().ContainSingle().Subject;
        call.Path.Should().Be("/v2/oauth2");
        call.BearerToken.Should().BeNull();
        call.Body.Should().Be(
            "action=requesttoken&grant_type=authorization_code"
            + "&client_id=7573fd4a4c421ddd102dac406dc6e0e0e22f683c4a5e81ff0a5caf8b65abed67"
            + "&client_secret=d9286311451fc6ed71b372a075c58c5058be158f56a77865e43ab3783255424f"
            + "&code=mtwsikawoqleuroqcluggflrqilrnqbgqvqeuhhh"
            + "&redirect_uri=https:%2F%2Fwww.withings.com");
        pair.UserId.Should().Be(363);
        pair.AccessToken.Should().Be("a075f8c14fb8df40b08ebc8508533dc332a6910a");
        pair.RefreshToken.Should().Be("f631236f02b991810feb774765b6ae8e6c6839ca");
        pair.ExpiresAt.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1594159644 + 10800));
        pair.Scope.Should().Be("user.info,user.metrics");
        (await harness.Store.GetAsync(363, CancellationToken.None)).Should().Be(pair);
    }

    [Test]
    public async Task RefreshAsync_UserIdSentAsAString_ReadsItAsTheUserId()
    {
        using var harness = new Harness();
        harness.Api.ReplyInTurn("/v2/oauth2", WithingsReply.Json(Fixture.Response("requesttoken.userid-string.json")));

        var pair = await harness.OAuth.RefreshAsync("0ae7ab5e8f9ca5f3c9c6f54ba0ee7cf3c6f01f9a");

        // docs/withings-api.md §6: userid may be an int or a string.
        pair.UserId.Should().Be(363);
        harness.Api.Requests.Single().Body.Should().Be(
            "action=requesttoken&grant_type=refresh_token"
            + "&client_id=7573fd4a4c421ddd102dac406dc6e0e0e22f683c4a5e81ff0a5caf8b65abed67"
            + "&client_secret=d9286311451fc6ed71b372a075c58c5058be158f56a77865e43ab3783255424f"
            + "&refresh_token=0ae7ab5e8f9ca5f3c9c6f54ba0ee7cf3c6f01f9a");
        harness.Events.Should().Equal("saved refresh token f631236f02b991810feb774765b6ae8e6c6839ca");
    }

    [Test]
    public async Task RefreshAsync_Status503_ThrowsWithoutRetryingOrEchoingTheToken()
    {
        using var harness = new Harness();
        harness.Api.ReplyInTurn("/v2/oauth2", WithingsReply.Json(Fixture.Response("status503.json")));

        var refresh = () => harness.OAuth.RefreshAsync("f631236f02b991810feb774765b6ae8e6c6839ca");

        // docs/withings-api.md §6: a bad refresh token answers status 503, in the invalid-params family (§3): not transient.
        var error = (await refresh.Should().ThrowAsync<WithingsApiException>()).Which;
        error.Status.Should().Be(503);
        error.Family.Should().Be(WithingsStatusFamily.InvalidParams);
        error.ToString().Should().NotContain("f631236f02b991810feb774765b6ae8e6c6839ca");
        harness.Api.Requests.Should().HaveCount(1);
        harness.Events.Should().BeEmpty();
    }

    [Test]
    public async Task ExchangeCodeAsync_WrongClientId_PointsToTheClientSettingsFirst()
    {
        using var harness = new Harness();
        harness.Api.AddAuthorizationCode("mtwsikawoqleuroqcluggflrqilrnqbgqvqeuhhh", Harness.UserId);
        var options = new WithingsOptions { ClientId = "not-the-registered-client-id", ClientSecret = Harness.ClientSecret };
        var client = new WithingsOAuthClient(harness.Http, harness.Store, new StaticOptionsMonitor(options));

        var exchange = () => client.ExchangeCodeAsync("mtwsikawoqleuroqcluggflrqilrnqbgqvqeuhhh", new Uri("https://www.withings.com"));

        // The strict look-alike, like Withings, answers a client id it does not know with status 503, as it answers a bad code.
        var error = (await exchange.Should().ThrowAsync<WithingsApiException>()).Which;
        error.Status.Should().Be(503);
        error.Message.Should().Contain("Check Withings:ClientId and Withings:ClientSecret").And.NotContain("not-the-registered-client-id");
        harness.Events.Should().BeEmpty();
    }

    [Test]
    public async Task RefreshAsync_NoClientSecret_NamesTheSettingBeforeAnyRequest()
    {
        using var harness = new Harness();
        var options = new WithingsOptions { ClientId = Harness.ClientId };
        var client = new WithingsOAuthClient(harness.Http, harness.Store, new StaticOptionsMonitor(options));

        var refresh = () => client.RefreshAsync("f631236f02b991810feb774765b6ae8e6c6839ca");

        await refresh.Should().ThrowAsync<InvalidOperationException>().WithMessage("Withings:ClientSecret is not configured (environment variable Withings__ClientSecret)*");
        harness.Api.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task RefreshAsync_ResponseWithoutAccessToken_NamesTheMissingField()
    {
        using var harness = new Harness();
        harness.Api.ReplyInTurn("/v2/oauth2", WithingsReply.Json("""{"status":0,"body":{"userid":363,"refresh_token":"f631236f02b991810feb774765b6ae8e6c6839ca","expires_in":10800}}"""));

        var refresh = () => harness.OAuth.RefreshAsync("0ae7ab5e8f9ca5f3c9c6f54ba0ee7cf3c6f01f9a");

        await refresh.Should().ThrowAsync<WithingsApiException>().WithMessage("The Withings token response has no access_token*");
        harness.Events.Should().BeEmpty();
    }

    [Test]
    public void ToString_TokenPair_ShowsNeitherToken()
    {
        var pair = new WithingsTokenPair(363, "a075f8c14fb8df40b08ebc8508533dc332a6910a", "f631236f02b991810feb774765b6ae8e6c6839ca", new DateTimeOffset(2020, 7, 8, 1, 7, 24, TimeSpan.Zero), "user.info,user.metrics");

        pair.ToString().Should().Be("WithingsTokenPair { UserId = 363, ExpiresAt = 2020-07-08T01:07:24.0000000+00:00, Scope = user.info,user.metrics, AccessToken = ***, RefreshToken = *** }");
    }
}
