using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.OAuth;

/// <summary>Valid tokens per user: refresh before expiry, after a refusal, and one refresh for concurrent callers.</summary>
public sealed class WithingsAccessTokenProviderTests
{
    [Test]
    public async Task GetAccessTokenAsync_TokenValidBeyondTheMargin_ReturnsItWithoutARefresh()
    {
        using var harness = new Harness();
        await harness.SeedTokens("old-access", "old-refresh", TimeSpan.FromMinutes(6));

        var token = await harness.Tokens.GetAccessTokenAsync(Harness.UserId);

        token.Should().Be("old-access");
        harness.Api.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task GetAccessTokenAsync_TokenExpiresWithinTheMargin_RefreshesAndSavesTheNewPair()
    {
        using var harness = new Harness();
        await harness.SeedTokens("old-access", "old-refresh", TimeSpan.FromMinutes(4));
        harness.Api.ReplyInTurn("/v2/oauth2", WithingsReply.Json(Fixture.Response("requesttoken.json")));

        var token = await harness.Tokens.GetAccessTokenAsync(Harness.UserId);

        token.Should().Be("a075f8c14fb8df40b08ebc8508533dc332a6910a");
        harness.Api.Requests.Single().Form["refresh_token"].Should().Be("old-refresh");
        (await harness.Store.GetAsync(Harness.UserId, CancellationToken.None))!.RefreshToken.Should().Be("f631236f02b991810feb774765b6ae8e6c6839ca");
    }

    [Test]
    public async Task GetAccessTokenAsync_TwoConcurrentCallersForAnExpiredUser_OneRefresh()
    {
        using var harness = new Harness();
        await harness.SeedTokens("old-access", "old-refresh", TimeSpan.FromMinutes(-1));

        // Withings answers only once both callers have read the expired pair (two reads, plus the refresher's own).
        var bothWaiting = harness.Store.ReadsReached(3);
        harness.Api.Map("/v2/oauth2", "requesttoken", _ =>
        {
            // The look-alike computes replies synchronously; holding one of its request threads is fine in a test.
            bothWaiting.Wait(TimeSpan.FromMinutes(2));
            return WithingsReply.Json(Fixture.Response("requesttoken.json"));
        });

        var tokens = await Task.WhenAll(
            harness.Tokens.GetAccessTokenAsync(Harness.UserId),
            harness.Tokens.GetAccessTokenAsync(Harness.UserId));

        tokens.Should().Equal("a075f8c14fb8df40b08ebc8508533dc332a6910a", "a075f8c14fb8df40b08ebc8508533dc332a6910a");
        harness.Api.RequestsTo("/v2/oauth2").Should().HaveCount(1);
        harness.Events.Should().Equal("saved refresh token f631236f02b991810feb774765b6ae8e6c6839ca");
    }

    [Test]
    public async Task RefreshAsync_AnotherCallerAlreadyReplacedTheRejectedToken_ReturnsTheNewerOne()
    {
        using var harness = new Harness();
        await harness.SeedTokens("newer-access", "newer-refresh", TimeSpan.FromHours(3));

        var token = await harness.Tokens.RefreshAsync(Harness.UserId, "rejected-access");

        token.Should().Be("newer-access");
        harness.Api.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task GetAccessTokenAsync_UserWithoutTokens_SaysWhatToDo()
    {
        using var harness = new Harness();

        var get = () => harness.Tokens.GetAccessTokenAsync(42);

        await get.Should().ThrowAsync<InvalidOperationException>()
            .WithMessage("The token store has no token pair for user 42: send the user through the authorization flow*");
    }

    [Test]
    public async Task GetCurrentAccessTokenAsync_AfterARefreshOfTheUser_GivesTheNewTokenForTheOldOneAndReadsNothingOtherwise()
    {
        using var harness = new Harness();
        await harness.SeedTokens("refused-access", "old-refresh", TimeSpan.FromHours(3));
        harness.Api.ReplyInTurn("/v2/oauth2", WithingsReply.Json(Fixture.Response("requesttoken.json")));
        var refreshed = await harness.Tokens.RefreshAsync(Harness.UserId, "refused-access");
        var reads = harness.Store.Reads;

        var forTheOldToken = await harness.Tokens.GetCurrentAccessTokenAsync(Harness.UserId, "refused-access", CancellationToken.None);
        var readsForTheOldToken = harness.Store.Reads - reads;
        var forTheNewToken = await harness.Tokens.GetCurrentAccessTokenAsync(Harness.UserId, refreshed, CancellationToken.None);

        forTheOldToken.Should().Be("a075f8c14fb8df40b08ebc8508533dc332a6910a");
        readsForTheOldToken.Should().Be(1);
        forTheNewToken.Should().Be(refreshed);
        harness.Store.Reads.Should().Be(reads + 1, "a token that is still the newest needs no read");
    }

    [Test]
    public async Task GetAccessTokenAsync_SaveFailedForATokenThatHasNotExpiredYet_KeepsUsingItWithoutRefreshingAgain()
    {
        var (tokens, store, api, http, clock) = await WithFailingStore();
        await using var disposeApi = api;
        using var disposeHttp = http;
        await store.Seed(new WithingsTokenPair(Harness.UserId, "old-access", "old-refresh", Harness.Now.AddSeconds(30), "user.metrics"));

        var first = () => tokens.GetAccessTokenAsync(Harness.UserId);
        var failed = await first.Should().ThrowAsync<InvalidOperationException>();
        var second = await tokens.GetAccessTokenAsync(Harness.UserId);
        clock.Advance(TimeSpan.FromSeconds(40));
        var afterExpiry = () => tokens.GetAccessTokenAsync(Harness.UserId);
        var backingOff = await afterExpiry.Should().ThrowAsync<InvalidOperationException>();

        failed.Which.InnerException.Should().BeOfType<IOException>();
        failed.Which.Message.Should().StartWith("Refreshing the token pair of user 363 failed outside Withings (IOException, typically in IWithingsTokenStore.SaveAsync)").And.NotContain("old-refresh");
        second.Should().Be("old-access", "the token is still valid for 30 seconds");
        backingOff.Which.Message.Should().StartWith("The token pair of user 363 is not refreshed again before 2020-07-07T22:08:24");
        backingOff.Which.InnerException.Should().BeOfType<IOException>();
        api.RequestsTo("/v2/oauth2").Should().HaveCount(1);
    }

    [Test]
    public async Task GetAccessTokenAsync_UserAuthorizedAgainDuringTheBackoff_RefreshesTheNewPair()
    {
        var (tokens, store, api, http, _) = await WithFailingStore();
        await using var disposeApi = api;
        using var disposeHttp = http;
        await store.Seed(new WithingsTokenPair(Harness.UserId, "old-access", "old-refresh", Harness.Now.AddMinutes(-1), "user.metrics"));
        await FluentActions.Awaiting(() => tokens.GetAccessTokenAsync(Harness.UserId)).Should().ThrowAsync<InvalidOperationException>();

        await store.Seed(new WithingsTokenPair(Harness.UserId, "other-access", "other-refresh", Harness.Now.AddMinutes(-1), "user.metrics"));
        await FluentActions.Awaiting(() => tokens.GetAccessTokenAsync(Harness.UserId)).Should().ThrowAsync<InvalidOperationException>();

        api.RequestsTo("/v2/oauth2").Select(c => c.Form["refresh_token"]).Should().Equal("old-refresh", "other-refresh");
    }

    [Test]
    public async Task ExecuteAsync_Status401WithoutAClientId_SaysTheClientIdIsNotConfiguredAndSendsNoRefresh()
    {
        using var harness = new Harness();
        harness.Options.ClientId = null;
        await harness.SeedTokens("revoked-access", "old-refresh", TimeSpan.FromHours(2));
        harness.Api.ReplyInTurn("/measure", WithingsReply.Json(Fixture.Response("status401.json")));
        var getmeas = new FetchRequest(Harness.UserId, "/measure", [new("action", "getmeas"), new("category", "1")], false);

        var results = await harness.Data.ExecuteAsync(new FetchPlan([getmeas]));

        var error = results.Single().Error.Should().BeOfType<InvalidOperationException>().Subject;
        error.Message.Should().Contain("Withings:ClientId is not configured").And.NotContain("SaveAsync").And.NotContain("old-refresh");
        harness.Api.RequestsTo("/v2/oauth2").Should().BeEmpty();
    }

    [Test]
    public async Task GetAccessTokenAsync_ExpiredTokenWithoutAClientId_SaysTheClientIdIsNotConfiguredEachTime()
    {
        using var harness = new Harness();
        harness.Options.ClientId = null;
        await harness.SeedTokens("old-access", "old-refresh", TimeSpan.FromMinutes(-1));

        var first = await FluentActions.Awaiting(() => harness.Tokens.GetAccessTokenAsync(Harness.UserId)).Should().ThrowAsync<InvalidOperationException>();
        harness.Options.ClientId = Harness.ClientId;
        harness.Api.ReplyInTurn("/v2/oauth2", WithingsReply.Json(Fixture.Response("requesttoken.json")));
        var afterTheFix = await harness.Tokens.GetAccessTokenAsync(Harness.UserId);

        first.Which.Message.Should().Contain("Withings:ClientId is not configured").And.NotContain("SaveAsync");
        afterTheFix.Should().Be("a075f8c14fb8df40b08ebc8508533dc332a6910a", "a missing setting sent nothing to Withings, so there is nothing to back off from");
    }

    private static async Task<(WithingsAccessTokenProvider Tokens, FailingSaveTokenStore Store, WithingsLookAlike Api, HttpClient Http, Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock)> WithFailingStore()
    {
        var store = new FailingSaveTokenStore(new IOException("The disk is full."));
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Harness.Now);
        var api = (await LookAlikes.StartStrictAsync(clock)).ReplyInTurn("/v2/oauth2", WithingsReply.Json(Fixture.Response("requesttoken.json")));
        var http = new HttpClient(api.CreateHandler());
        var monitor = new Planning.StaticOptionsMonitor(new WithingsOptions { ClientId = Harness.ClientId, ClientSecret = Harness.ClientSecret });
        var tokens = new WithingsAccessTokenProvider(store, new WithingsOAuthClient(http, store, monitor, clock), monitor, clock);
        return (tokens, store, api, http, clock);
    }
}
