using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Withings.Sdk.Testing.Tests;

/// <summary>The look-alike's OAuth 2, token checks and request signing, driven by the SDK's OAuth and Notify clients.</summary>
public sealed class OAuthAndSigningTests
{
    private static readonly Uri Callback = new("https://example.com/withings/notify");
    private static readonly Uri Redirect = new("https://example.com/linked");

    [Test]
    public async Task ExchangeCode_ThenUseAndRefresh_TokensWorkUntilReplacedOrRevoked()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1709380800));
        await using var lookAlike = await StrictAsync(clock);
        lookAlike.AddAuthorizationCode("code-1", 363);
        using var services = Services(lookAlike, clock);
        var oauth = services.GetRequiredService<IWithingsOAuthClient>();
        var notify = services.GetRequiredService<IWithingsNotifyClient>();

        var pair = await oauth.ExchangeCodeAsync("code-1", Redirect);
        await notify.SubscribeAsync(pair.AccessToken, Callback, NotificationCategory.Sleep);
        var reused = async () => await oauth.ExchangeCodeAsync("code-1", Redirect);
        var refreshed = await oauth.RefreshAsync(pair.RefreshToken);
        var oldRefresh = async () => await oauth.RefreshAsync(pair.RefreshToken);
        lookAlike.RevokeTokens(363);
        var afterRevoke = async () => await notify.ListAsync(refreshed.AccessToken);

        pair.UserId.Should().Be(363);
        pair.ExpiresAt.Should().Be(clock.GetUtcNow().AddSeconds(10800));
        (await reused.Should().ThrowAsync<WithingsApiException>()).Which.Status.Should().Be(503, "a code works once");
        refreshed.AccessToken.Should().NotBe(pair.AccessToken);
        (await oldRefresh.Should().ThrowAsync<WithingsApiException>()).Which.Status.Should().Be(503, "a refresh token works once");
        (await afterRevoke.Should().ThrowAsync<WithingsApiException>()).Which.Status.Should().Be(401);
        lookAlike.SubscriptionsOf(363).Should().ContainSingle().Which.Appli.Should().Be(44);
        lookAlike.HasTokens(363).Should().BeFalse();
        lookAlike.Requests.Where(r => r.Path == "/v2/oauth2").Should().OnlyContain(r => r.Field("client_secret") == lookAlike.Options.ClientSecret);
    }

    [Test]
    public async Task StrictLookAlike_UnknownToken_Status401()
    {
        await using var lookAlike = await StrictAsync(TimeProvider.System);
        using var services = Services(lookAlike, TimeProvider.System);

        var act = async () => await services.GetRequiredService<IWithingsNotifyClient>().ListAsync("nobody's token");

        (await act.Should().ThrowAsync<WithingsApiException>()).Which.Status.Should().Be(401);
    }

    [Test]
    public async Task SignedSubscribe_NonceUsedOnceAndExpiresAfter30Minutes()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1709380800));
        await using var lookAlike = await StrictAsync(clock);
        using var services = Services(lookAlike, clock);
        await services.GetRequiredService<IWithingsNotifyClient>().SubscribeNoAccountAssociatedAsync(Callback);
        var used = lookAlike.Requests.Single(r => r.Path == "/notify");
        using var http = new HttpClient();

        var replay = await PostAsync(http, lookAlike, used.Form);
        var nonce = await GetNonceAsync(http, lookAlike, clock);
        clock.Advance(TimeSpan.FromMinutes(31));
        var late = await PostAsync(http, lookAlike, Signed(lookAlike, "subscribe", nonce));

        used.Field("signature").Should().Be(lookAlike.Sign("subscribe", lookAlike.Options.ClientId, used.Field("nonce")!));
        lookAlike.SubscriptionsOf(0).Should().ContainSingle().Which.Appli.Should().Be(53);
        replay.Should().Contain("\"status\":342", "a nonce serves once");
        late.Should().Contain("\"status\":342", "a nonce expires after 30 minutes");
        lookAlike.IssuedNonces.Should().HaveCount(2).And.Contain(nonce);
    }

    private static Dictionary<string, string> Signed(WithingsLookAlike lookAlike, string action, string nonce) => new()
    {
        ["action"] = action,
        ["callbackurl"] = Callback.AbsoluteUri,
        ["appli"] = "53",
        ["client_id"] = lookAlike.Options.ClientId,
        ["nonce"] = nonce,
        ["signature"] = lookAlike.Sign(action, lookAlike.Options.ClientId, nonce),
    };

    private static async Task<string> GetNonceAsync(HttpClient http, WithingsLookAlike lookAlike, TimeProvider clock)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var response = await http.PostAsync(new Uri(lookAlike.BaseAddress, "v2/signature"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["action"] = "getnonce",
            ["client_id"] = lookAlike.Options.ClientId,
            ["timestamp"] = timestamp,
            ["signature"] = lookAlike.Sign("getnonce", lookAlike.Options.ClientId, timestamp),
        }));
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("body").GetProperty("nonce").GetString()!;
    }

    private static async Task<string> PostAsync(HttpClient http, WithingsLookAlike lookAlike, IReadOnlyDictionary<string, string> form)
    {
        using var response = await http.PostAsync(new Uri(lookAlike.BaseAddress, "notify"), new FormUrlEncodedContent(form));
        return await response.Content.ReadAsStringAsync();
    }

    private static Task<WithingsLookAlike> StrictAsync(TimeProvider clock) => WithingsLookAlike.StartAsync(new WithingsLookAlikeOptions
    {
        ClientId = "7573fd4a4c421ddd102dac406dc6e0e0e22f683c4a5e81ff0a5caf8b65abed67",
        ClientSecret = "d9286311451fc6ed71b372a075c58c5058be158f56a77865e43ab3783255424f",
        AcceptAnyAccessToken = false,
        TimeProvider = clock,
    });

    private static ServiceProvider Services(WithingsLookAlike lookAlike, TimeProvider clock)
    {
        var services = new ServiceCollection().AddSingleton(clock);
        services.AddWithingsNotifications(o =>
        {
            o.ApiBaseAddress = lookAlike.BaseAddress;
            o.ClientId = lookAlike.Options.ClientId;
            o.ClientSecret = lookAlike.Options.ClientSecret;
            o.Retry.BaseDelay = TimeSpan.Zero;
        });
        return services.BuildServiceProvider();
    }
}
