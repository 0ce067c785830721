using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.OAuth;

/// <summary>
/// The signed admin calls (appli 53's subscribe, OAuth revoke) against the loopback look-alike, which hands out
/// single-use nonces and checks each signature with Withings' algorithm.
/// </summary>
public sealed class SignedCallsTests
{
    private static readonly Uri Callback = new("https://example.com/withings/devices");

    private static async Task<(WithingsLookAlike Server, WithingsLookAlike Withings, ServiceProvider Services)> StartAsync(string clientSecret = Harness.ClientSecret)
    {
        var withings = await LookAlikes.StartStrictAsync();
        var server = withings;
        var services = new ServiceCollection().AddSingleton<TimeProvider>(new FakeTimeProvider(Harness.Now));
        services.AddWithingsNotifications(o =>
        {
            o.ApiBaseAddress = server.BaseAddress;
            o.ClientId = Harness.ClientId;
            o.ClientSecret = clientSecret;
            o.Retry.BaseDelay = TimeSpan.Zero;
        });
        return (server, withings, services.BuildServiceProvider());
    }

    [Test]
    public async Task SubscribeNoAccountAssociated_Twice_EachCallSignsWithAFreshNonceAndNoUserToken()
    {
        var (server, withings, services) = await StartAsync();
        await using var _server = server;
        await using var _services = services;
        var client = services.GetRequiredService<IWithingsNotifyClient>();

        await client.SubscribeNoAccountAssociatedAsync(Callback, "devices");
        await client.SubscribeNoAccountAssociatedAsync(Callback);

        var subscribes = server.Requests.Where(c => c.Path == "/notify").ToList();
        subscribes.Should().HaveCount(2);
        subscribes.Select(c => c.Form["nonce"]).Should().Equal(withings.IssuedNonces).And.OnlyHaveUniqueItems();
        subscribes.Should().OnlyContain(c => c.BearerToken == null);
        server.Requests.Should().OnlyContain(r => !r.Headers.ContainsKey("Authorization"));
        var first = subscribes[0];
        first.Form.Keys.Should().Equal("action", "callbackurl", "appli", "comment", "client_id", "nonce", "signature");
        first.Form["appli"].Should().Be("53");
        first.Form["signature"].Should().Be(server.Sign("subscribe", Harness.ClientId, first.Form["nonce"]));
        server.Requests.Select(c => c.Path).Should().Equal("/v2/signature", "/notify", "/v2/signature", "/notify");
        // Subscribing the same callback and category again replaces the subscription, it does not add one.
        withings.SubscriptionsOf(0).Select(s => (s.Appli, s.CallbackUrl)).Should().Equal((53, Callback.OriginalString));
    }

    [Test]
    public async Task GetNonce_IsSignedOverActionClientIdAndTimestamp()
    {
        var (server, _, services) = await StartAsync();
        await using var _server = server;
        await using var _services = services;

        await services.GetRequiredService<IWithingsNotifyClient>().SubscribeNoAccountAssociatedAsync(Callback);

        var getnonce = server.Requests.First(c => c.Path == "/v2/signature");
        getnonce.Form["timestamp"].Should().Be(Harness.Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        getnonce.Form["signature"].Should().Be(server.Sign("getnonce", Harness.ClientId, getnonce.Form["timestamp"]));
    }

    [Test]
    public async Task SignedCall_WrongClientSecret_TheLookAlikeRefusesWith342AndTheSecretStaysOutOfTheError()
    {
        const string wrongSecret = "0000000000000000000000000000000000000000000000000000000000000000";
        var (server, withings, services) = await StartAsync(wrongSecret);
        await using var _server = server;
        await using var _services = services;

        var act = () => services.GetRequiredService<IWithingsNotifyClient>().SubscribeNoAccountAssociatedAsync(Callback);

        var thrown = await act.Should().ThrowAsync<WithingsApiException>();
        thrown.Which.Status.Should().Be(342);
        thrown.Which.ToString().Should().NotContain(wrongSecret);
        withings.SubscriptionsOf(0).Should().BeEmpty();
    }

    [Test]
    public async Task OAuthRevoke_SignedCall_EndsAccessAndSubscriptionsAndForgetsThePair()
    {
        var (server, withings, services) = await StartAsync();
        await using var _server = server;
        await using var _services = services;
        withings.AddUser(363, "at-363", "rt-363");
        withings.AddSubscription(new LookAlikeSubscription(363, 44, "https://example.com/withings/notify", "earlier"));
        var store = services.GetRequiredService<IWithingsTokenStore>();
        await store.SaveAsync(new WithingsTokenPair(363, "at-363", "rt-363", Harness.Now.AddHours(3)), CancellationToken.None);
        await store.SaveAsync(new WithingsTokenPair(364, "at-364", "rt-364", Harness.Now.AddHours(3)), CancellationToken.None);

        await services.GetRequiredService<IWithingsOAuthClient>().RevokeAsync(363);

        var revoke = server.Requests.Single(c => c.Path == "/v2/oauth2");
        revoke.Form.Keys.Should().Equal("action", "userid", "client_id", "nonce", "signature");
        revoke.Form["userid"].Should().Be("363");
        revoke.BearerToken.Should().BeNull();
        revoke.Form["nonce"].Should().Be(withings.IssuedNonces.Single());
        withings.HasTokens(363).Should().BeFalse();
        withings.SubscriptionsOf(363).Should().BeEmpty();
        (await store.GetAsync(363, CancellationToken.None)).Should().BeNull();
        (await store.GetAsync(364, CancellationToken.None)).Should().NotBeNull("only the revoked user is forgotten");
    }

    [Test]
    public async Task OAuthRevoke_Refused_KeepsThePair()
    {
        var (server, _, services) = await StartAsync("1111111111111111111111111111111111111111111111111111111111111111");
        await using var _server = server;
        await using var _services = services;
        var store = services.GetRequiredService<IWithingsTokenStore>();
        await store.SaveAsync(new WithingsTokenPair(363, "at-363", "rt-363", Harness.Now.AddHours(3)), CancellationToken.None);

        var act = () => services.GetRequiredService<IWithingsOAuthClient>().RevokeAsync(363);

        (await act.Should().ThrowAsync<WithingsApiException>()).Which.Status.Should().Be(342);
        (await store.GetAsync(363, CancellationToken.None)).Should().NotBeNull();
    }

    [Test]
    public async Task OAuthRevoke_NotAUserId_IsRefusedBeforeAnyRequest()
    {
        var (server, _, services) = await StartAsync();
        await using var _server = server;
        await using var _services = services;

        var act = () => services.GetRequiredService<IWithingsOAuthClient>().RevokeAsync(0);

        (await act.Should().ThrowAsync<ArgumentOutOfRangeException>()).Which.ParamName.Should().Be("userId");
        server.Requests.Should().BeEmpty();
    }
}
