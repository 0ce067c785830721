using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.Docs;

/// <summary>
/// docs/running-plans.md's lifecycle walk (link → ensure → receive → unlink → forget), step for step, run against the
/// loopback look-alike: the walk does what the page says.
/// </summary>
public sealed class LifecycleReadmeExampleTests
{
    [Test]
    public async Task Lifecycle_LinkEnsureReceiveUnlink_SubscribesOnceAndForgetsTheUser()
    {
        var withings = await LookAlikes.StartStrictAsync();
        withings.AddAuthorizationCode("c0de-from-redirect", 363);
        await using var server = withings;
        var settings = Settings(server);

        var store = await Lifecycle(settings, code: "c0de-from-redirect", body: "userid=363&appli=46&action=unlink");

        withings.SubscriptionsOf(363).Select(s => s.Appli).Should().BeEquivalentTo([1, 16, 44, 46]);
        withings.SubscriptionsOf(363).Should().OnlyContain(s => s.CallbackUrl == "https://api.example.com/withings/notify?secret=r4nd0m");
        (await store.GetAsync(363, CancellationToken.None)).Should().BeNull("the unlinked user is forgotten");
    }

    [Test]
    public async Task Lifecycle_EndFromOurSide_RevokesAccessAndSubscriptions()
    {
        var withings = await LookAlikes.StartStrictAsync();
        withings.AddUser(363, "at-363", "rt-363");
        withings.AddSubscription(new LookAlikeSubscription(363, 44, "https://api.example.com/withings/notify?secret=r4nd0m", "earlier"));
        await using var server = withings;
        var services = new ServiceCollection().AddSingleton(Settings(server));
        services.AddWithingsNotifications();
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IWithingsTokenStore>().SaveAsync(new WithingsTokenPair(363, "at-363", "rt-363", DateTimeOffset.UtcNow.AddHours(3)), CancellationToken.None);

        await EndFromOurSide(provider.GetRequiredService<IWithingsOAuthClient>(), new WithingsTokenPair(363, "at-363", "rt-363", DateTimeOffset.UtcNow.AddHours(3)));

        withings.SubscriptionsOf(363).Should().BeEmpty();
        withings.HasTokens(363).Should().BeFalse();
        (await provider.GetRequiredService<IWithingsTokenStore>().GetAsync(363, CancellationToken.None)).Should().BeNull();
    }

    private static IConfiguration Settings(WithingsLookAlike server) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Withings:ApiBaseAddress"] = server.BaseAddress.AbsoluteUri,
        ["Withings:ClientId"] = Harness.ClientId,
        ["Withings:ClientSecret"] = Harness.ClientSecret,
        ["Withings:Notify:SubscribeSpacing"] = "00:00:00",
    }).Build();

    private static async Task<IWithingsTokenStore> Lifecycle(IConfiguration settings, string code, string body)
    {
        var state = "r4nd0m-state"; // check it when the user comes back
        var services = new ServiceCollection();
        services.AddSingleton(settings); // test-only
        services.AddWithingsNotifications(); // ClientId, ClientSecret, Cloud: the "Withings" section of the IConfiguration registered
        using var provider = services.BuildServiceProvider();
        var oauth = provider.GetRequiredService<IWithingsOAuthClient>();
        var notify = provider.GetRequiredService<IWithingsNotifyClient>();
        var callback = new Uri("https://api.example.com/withings/notify?secret=r4nd0m");
        var linked = new Uri("https://api.example.com/withings/linked");

        // 1. Link: send the user to Withings' page; they come back to `linked` with ?code=…&state=…
        var authorizeUrl = oauth.GetAuthorizeUrl([WithingsScopes.UserInfo, WithingsScopes.UserMetrics, WithingsScopes.UserActivity], linked, state);
        var pair = await oauth.ExchangeCodeAsync(code, linked); // saved in the token store before it is returned

        // 2. Ensure: subscribe only what is missing; safe to run at every deploy and every login.
        var tokens = provider.GetRequiredService<IWithingsAccessTokenProvider>();
        var result = await notify.EnsureSubscriptionsAsync(
            await tokens.GetAccessTokenAsync(pair.UserId),
            callback,
            [NotificationCategory.Weight, NotificationCategory.Activity, NotificationCategory.Sleep, NotificationCategory.UserProfile]);
        Console.WriteLine($"subscribed {result.Subscribed.Count}, kept {result.Kept.Count}, failed {result.Failed.Count}");

        // 3. Receive: Withings posts a small form to the callback URL (Withings.Sdk.AspNetCore answers it for you).
        var notification = provider.GetRequiredService<NotificationParser>().Parse(body);

        // 4. The user unlinks the application (appli 46, action=unlink): the app's access to their data ends.
        if (notification is UserProfileNotification { Action.Kind: UserProfileActionKind.Unlink, UserId: long userId })
        {
            // 5. Forget them. The in-memory default store implements IWithingsUserTokenStore; so can yours.
            var store = (IWithingsUserTokenStore)provider.GetRequiredService<IWithingsTokenStore>();
            await store.RemoveAsync(userId, CancellationToken.None);
        }

        authorizeUrl.Host.Should().Be("account.withings.com"); // test-only
        result.Subscribed.Should().HaveCount(4); // test-only
        return provider.GetRequiredService<IWithingsTokenStore>(); // test-only
    }

    private static async Task EndFromOurSide(IWithingsOAuthClient oauth, WithingsTokenPair pair)
    {
        // Or end it from your side: the signed revoke ends the app's access and the user's subscriptions at
        // Withings, then removes the pair from the token store.
        await oauth.RevokeAsync(pair.UserId);
    }
}
