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
        harness.Api.Calls.Should().BeEmpty();
    }

    [Test]
    public async Task GetAccessTokenAsync_TokenExpiresWithinTheMargin_RefreshesAndSavesTheNewPair()
    {
        using var harness = new Harness();
        await harness.SeedTokens("old-access", "old-refresh", TimeSpan.FromMinutes(4));
        harness.Api.On("/v2/oauth2", Fixture.Response("requesttoken.json"));

        var token = await harness.Tokens.GetAccessTokenAsync(Harness.UserId);

        token.Should().Be("a075f8c14fb8df40b08ebc8508533dc332a6910a");
        harness.Api.Calls.Single().Form["refresh_token"].Should().Be("old-refresh");
        (await harness.Store.GetAsync(Harness.UserId, CancellationToken.None))!.RefreshToken.Should().Be("f631236f02b991810feb774765b6ae8e6c6839ca");
    }

    [Test]
    public async Task GetAccessTokenAsync_TwoConcurrentCallersForAnExpiredUser_OneRefresh()
    {
        using var harness = new Harness();
        await harness.SeedTokens("old-access", "old-refresh", TimeSpan.FromMinutes(-1));

        // Withings answers only once both callers have read the expired pair (two reads, plus the refresher's own).
        var bothWaiting = harness.Store.ReadsReached(3);
        harness.Api.On("/v2/oauth2", async _ =>
        {
            await bothWaiting.WaitAsync(TimeSpan.FromSeconds(30));
            return Fixture.Response("requesttoken.json");
        });

        var tokens = await Task.WhenAll(
            harness.Tokens.GetAccessTokenAsync(Harness.UserId),
            harness.Tokens.GetAccessTokenAsync(Harness.UserId));

        tokens.Should().Equal("a075f8c14fb8df40b08ebc8508533dc332a6910a", "a075f8c14fb8df40b08ebc8508533dc332a6910a");
        harness.Api.CallsTo("/v2/oauth2").Should().HaveCount(1);
        harness.Events.Should().Equal("saved refresh token f631236f02b991810feb774765b6ae8e6c6839ca");
    }

    [Test]
    public async Task RefreshAsync_AnotherCallerAlreadyReplacedTheRejectedToken_ReturnsTheNewerOne()
    {
        using var harness = new Harness();
        await harness.SeedTokens("newer-access", "newer-refresh", TimeSpan.FromHours(3));

        var token = await harness.Tokens.RefreshAsync(Harness.UserId, "rejected-access");

        token.Should().Be("newer-access");
        harness.Api.Calls.Should().BeEmpty();
    }

    [Test]
    public async Task GetAccessTokenAsync_UserWithoutTokens_SaysWhatToDo()
    {
        using var harness = new Harness();

        var get = () => harness.Tokens.GetAccessTokenAsync(42);

        await get.Should().ThrowAsync<InvalidOperationException>()
            .WithMessage("The token store has no token pair for user 42: send the user through the authorization flow*");
    }
}
