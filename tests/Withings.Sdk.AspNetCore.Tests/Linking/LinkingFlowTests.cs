using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Withings.Sdk.Testing;

namespace Withings.Sdk.AspNetCore.Tests.Linking;

/// <summary>
/// Linking a user end to end, in-process, over real HTTP: the app's connect endpoint, the look-alike's authorization
/// page, the app's callback; then the saved pair, the look-alike's record of the subscriptions, and <c>OnUserLinked</c>.
/// Every way it can go wrong ends on a small page with its status code.
/// </summary>
public sealed class LinkingFlowTests
{
    [Test]
    public async Task Link_SignedInUser_SavesThePairEnsuresTheSubscriptionsAndRaisesOnUserLinked()
    {
        await using var host = await LinkingHost.StartAsync();
        using var alice = await host.SignInAsync("alice");

        var connect = await alice.GetAsync(new Uri(host.Address, "/withings/link/connect"));
        var authorize = await alice.GetAsync(connect.Location!);
        var callback = await alice.GetAsync(authorize.Location!);

        connect.StatusCode.Should().Be(HttpStatusCode.Found);
        connect.Location!.GetLeftPart(UriPartial.Path).Should().Be(host.Withings.AuthorizeEndpoint.AbsoluteUri);
        var query = QueryHelpers.ParseQuery(connect.Location.Query);
        query["response_type"].ToString().Should().Be("code");
        query["client_id"].ToString().Should().Be(host.Withings.Options.ClientId);
        query["scope"].ToString().Should().Be("user.metrics,user.activity");
        query["redirect_uri"].ToString().Should().Be(new Uri(host.Address, "/withings/link/callback").AbsoluteUri);
        query["state"].ToString().Length.Should().BeGreaterThan(100, "the state is sealed, not a guessable counter");
        query["state"].ToString().Should().NotContain("alice", "the user key inside the state is encrypted");
        query.Should().NotContainKey("mode");
        authorize.Location!.GetLeftPart(UriPartial.Path).Should().Be(new Uri(host.Address, "/withings/link/callback").AbsoluteUri);

        callback.StatusCode.Should().Be(HttpStatusCode.OK);
        callback.ContentType.Should().Be("text/html; charset=utf-8");
        callback.Body.Should().Contain("Withings account linked");
        var pair = await host.Tokens.GetAsync(12345, CancellationToken.None);
        pair.Should().NotBeNull();
        pair!.Scope.Should().Be("user.metrics,user.activity");
        host.Withings.SubscriptionsOf(12345).Select(s => (s.Appli, s.CallbackUrl)).Should().BeEquivalentTo(
            [(1, LinkingHost.NotifyCallback), (44, LinkingHost.NotifyCallback)]);
        host.Withings.Requests.Where(r => r.Path == "/notify" && r.Action == "subscribe").Should().OnlyContain(r => r.BearerToken == pair.AccessToken);
        var linked = host.Linked.Should().ContainSingle().Subject;
        linked.UserKey.Should().Be("alice");
        linked.WithingsUserId.Should().Be(12345);
        linked.Scope.Should().Be("user.metrics,user.activity");
        linked.IsDemo.Should().BeFalse();
        linked.Subscriptions.Subscribed.Should().Equal(NotificationCategory.Weight, NotificationCategory.Sleep);
        linked.Subscriptions.Succeeded.Should().BeTrue();
        NothingSecretLeaked(host, pair);
    }

    [Test]
    public async Task Link_AgainForTheSameUser_KeepsTheSubscriptionsAndReplacesThePair()
    {
        await using var host = await LinkingHost.StartAsync();
        using var alice = await host.SignInAsync("alice");

        (await alice.LinkAsync()).StatusCode.Should().Be(HttpStatusCode.OK);
        var first = await host.Tokens.GetAsync(12345, CancellationToken.None);
        (await alice.LinkAsync()).StatusCode.Should().Be(HttpStatusCode.OK);

        var second = await host.Tokens.GetAsync(12345, CancellationToken.None);
        second!.AccessToken.Should().NotBe(first!.AccessToken);
        host.Linked.Last().Subscriptions.Kept.Should().Equal(NotificationCategory.Weight, NotificationCategory.Sleep);
        host.Withings.SubscriptionsOf(12345).Should().HaveCount(2);
    }

    [TestCase("tampered")]
    [TestCase("other key ring")]
    [TestCase("garbage")]
    [TestCase("missing")]
    public async Task Callback_ForgedState_Answers400AndLinksNothing(string forgery)
    {
        await using var host = await LinkingHost.StartAsync();
        using var alice = await host.SignInAsync("alice");
        var back = await alice.AuthorizeAsync();
        var query = QueryHelpers.ParseQuery(back.Query);
        var state = query["state"].ToString();
        var forged = forgery switch
        {
            "tampered" => state[..40] + (state[40] == 'A' ? 'B' : 'A') + state[41..],
            "other key ring" => OtherApplicationsState(),
            "garbage" => "c3RhdGU",
            _ => null,
        };

        var callback = await alice.GetAsync(new Uri(host.Address, "/withings/link/callback?code=" + query["code"] + (forged is null ? string.Empty : "&state=" + Uri.EscapeDataString(forged))));

        callback.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        callback.Body.Should().Contain("Link not valid");
        IsUntouched(host);
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Callback_ReplayedState_Answers400AndWithingsIsAskedOnce(bool distributedCache)
    {
        await using var host = await LinkingHost.StartAsync(services: s =>
        {
            if (distributedCache)
            {
                s.AddDistributedMemoryCache();
            }
        });
        using var alice = await host.SignInAsync("alice");
        var back = await alice.AuthorizeAsync();

        var first = await alice.GetAsync(back);
        var replay = await alice.GetAsync(back);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        replay.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        replay.Body.Should().Contain("Link already used");
        host.Linked.Should().ContainSingle();
        host.Withings.Requests.Where(r => r.Path == "/v2/oauth2" && r.Action == "requesttoken").Should().ContainSingle("the replay is refused before the code is sent again");
    }

    [Test]
    public async Task Callback_StateOlderThanItsLifetime_Answers400WithoutAskingWithings()
    {
        await using var host = await LinkingHost.StartAsync(o => o.StateLifetime = TimeSpan.FromMinutes(10));
        using var alice = await host.SignInAsync("alice");
        var back = await alice.AuthorizeAsync();

        host.Clock.Advance(TimeSpan.FromMinutes(10));
        var callback = await alice.GetAsync(back);

        callback.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        callback.Body.Should().Contain("Link expired").And.Contain("href=\"/withings/link/connect\"");
        IsUntouched(host);
    }

    [Test]
    public async Task Callback_StateJustWithinItsLifetime_Links()
    {
        await using var host = await LinkingHost.StartAsync(o => o.StateLifetime = TimeSpan.FromMinutes(10));
        using var alice = await host.SignInAsync("alice");
        var connect = await alice.GetAsync(new Uri(host.Address, "/withings/link/connect"));

        // The user takes their time on Withings' page; the code itself is fresh (30 seconds) when they come back.
        host.Clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        var authorize = await alice.GetAsync(connect.Location!);
        var callback = await alice.GetAsync(authorize.Location!);

        callback.StatusCode.Should().Be(HttpStatusCode.OK);
        host.Linked.Should().ContainSingle();
    }

    [Test]
    public async Task Callback_UserDeclined_Answers403PageAndLinksNothing()
    {
        await using var host = await LinkingHost.StartAsync();
        using var alice = await host.SignInAsync("alice");
        host.Withings.RefuseNextAuthorization();

        var back = await alice.AuthorizeAsync();
        var callback = await alice.GetAsync(back);

        QueryHelpers.ParseQuery(back.Query)["error"].ToString().Should().Be("access_denied");
        callback.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        callback.Body.Should().Contain("You chose not to share your Withings data").And.Contain("Start again");
        IsUntouched(host);
    }

    [Test]
    public async Task Callback_SignedInAsSomeoneElse_Answers403AndLeavesTheLinkToItsOwner()
    {
        await using var host = await LinkingHost.StartAsync();
        using var alice = await host.SignInAsync("alice");
        using var mallory = await host.SignInAsync("mallory");
        var alices = await alice.AuthorizeAsync();

        var stolen = await mallory.GetAsync(alices);
        IsUntouched(host);
        var own = await alice.GetAsync(alices);

        stolen.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        stolen.Body.Should().Contain("Link started by another account");
        own.StatusCode.Should().Be(HttpStatusCode.OK, "a refused attempt does not use up the owner's link");
        host.Linked.Should().ContainSingle().Which.UserKey.Should().Be("alice");
    }

    [Test]
    public async Task Callback_NobodySignedIn_Answers401()
    {
        await using var host = await LinkingHost.StartAsync();
        using var alice = await host.SignInAsync("alice");
        using var stranger = await host.SignInAsync(null);
        var back = await alice.AuthorizeAsync();

        var callback = await stranger.GetAsync(back);

        callback.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        IsUntouched(host);
    }

    [Test]
    public async Task Callback_CodeWithingsRefuses_Answers400PageAndSavesNothing()
    {
        await using var host = await LinkingHost.StartAsync();
        using var alice = await host.SignInAsync("alice");
        var back = await alice.AuthorizeAsync();
        var state = QueryHelpers.ParseQuery(back.Query)["state"].ToString();

        var callback = await alice.GetAsync(new Uri(host.Address, "/withings/link/callback?code=not-a-code-withings-issued&state=" + Uri.EscapeDataString(state)));

        callback.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        callback.Body.Should().Contain("Withings refused the authorization");
        (await host.Tokens.GetAsync(12345, CancellationToken.None)).Should().BeNull();
        host.Linked.Should().BeEmpty();
        host.Withings.Requests.Should().ContainSingle(r => r.Action == "requesttoken");
    }

    [Test]
    public async Task Callback_CodeOlderThan30Seconds_Answers400Page()
    {
        await using var host = await LinkingHost.StartAsync();
        using var alice = await host.SignInAsync("alice");
        var back = await alice.AuthorizeAsync();

        host.Clock.Advance(TimeSpan.FromSeconds(30));
        var callback = await alice.GetAsync(back);

        callback.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        callback.Body.Should().Contain("its code works once, within 30 seconds");
        (await host.Tokens.GetAsync(12345, CancellationToken.None)).Should().BeNull();
    }

    [Test]
    public async Task Callback_WithingsUnreachable_Answers502Page()
    {
        await using var host = await LinkingHost.StartAsync();
        using var alice = await host.SignInAsync("alice");
        var back = await alice.AuthorizeAsync();
        host.Withings.Map("/v2/oauth2", "requesttoken", _ => WithingsReply.Http(HttpStatusCode.BadGateway, "upstream down"));

        var callback = await alice.GetAsync(back);

        callback.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        callback.Body.Should().Contain("Withings did not answer").And.NotContain("upstream down");
        host.Linked.Should().BeEmpty();
    }

    [Test]
    public async Task Connect_NobodySignedIn_Answers401Page()
    {
        await using var host = await LinkingHost.StartAsync();
        using var stranger = await host.SignInAsync(null);

        var connect = await stranger.GetAsync(new Uri(host.Address, "/withings/link/connect"));

        connect.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        connect.Body.Should().Contain("Sign in first");
        host.Withings.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task Connect_DemoModeAllowed_LinksWithingsDemoAccount()
    {
        await using var host = await LinkingHost.StartAsync(o => o.AllowDemoUser = true);
        using var alice = await host.SignInAsync("alice");

        var callback = await alice.LinkAsync("?mode=demo");

        callback.StatusCode.Should().Be(HttpStatusCode.OK);
        host.Withings.Requests.Single(r => r.Path == "/oauth2_user/authorize2").Field("mode").Should().Be("demo");
        var linked = host.Linked.Should().ContainSingle().Subject;
        linked.IsDemo.Should().BeTrue();
        linked.WithingsUserId.Should().Be(host.Withings.Options.DemoUserId);
        (await host.Tokens.GetAsync(host.Withings.Options.DemoUserId, CancellationToken.None)).Should().NotBeNull();
    }

    [TestCase("?mode=demo")]
    [TestCase("?mode=other")]
    public async Task Connect_DemoModeNotAllowed_Answers400(string query)
    {
        await using var host = await LinkingHost.StartAsync();
        using var alice = await host.SignInAsync("alice");

        var connect = await alice.GetAsync(new Uri(host.Address, "/withings/link/connect" + query));

        connect.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        connect.Body.Should().Contain("Demo account not available");
    }

    [Test]
    public async Task Callback_LocalReturnUrl_RedirectsThereOnceLinked()
    {
        await using var host = await LinkingHost.StartAsync();
        using var alice = await host.SignInAsync("alice");

        var callback = await alice.LinkAsync("?returnUrl=" + Uri.EscapeDataString("/settings/devices?tab=withings"));

        callback.StatusCode.Should().Be(HttpStatusCode.Found);
        callback.Location.Should().Be(new Uri(host.Address, "/settings/devices?tab=withings"));
        host.Linked.Should().ContainSingle();
    }

    [TestCase("https://evil.example/")]
    [TestCase("//evil.example/")]
    [TestCase("/\\evil.example/")]
    [TestCase("javascript:alert(1)")]
    public async Task Connect_ReturnUrlOutsideTheApplication_Answers400(string returnUrl)
    {
        await using var host = await LinkingHost.StartAsync();
        using var alice = await host.SignInAsync("alice");

        var connect = await alice.GetAsync(new Uri(host.Address, "/withings/link/connect?returnUrl=" + Uri.EscapeDataString(returnUrl)));

        connect.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        connect.Location.Should().BeNull();
    }

    [Test]
    public async Task Callback_OnUserLinkedThrows_Answers500PageWithoutStackTraceAndKeepsThePair()
    {
        await using var host = await LinkingHost.StartAsync(onLinked: _ => throw new InvalidOperationException("database is down at Secret.Place"));
        using var alice = await host.SignInAsync("alice");

        var callback = await alice.LinkAsync();

        callback.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        callback.Body.Should().Contain("Linking failed").And.NotContain("database").And.NotContain("Exception").And.NotContain(" at ");
        (await host.Tokens.GetAsync(12345, CancellationToken.None)).Should().NotBeNull("linking again repeats every step safely");
        host.Logs.GetSnapshot().Should().Contain(r => r.Message.Contains("OnUserLinked handler", StringComparison.Ordinal) && r.Exception is InvalidOperationException);
    }

    [Test]
    public async Task Callback_WithingsRefusesTheSubscriptions_StillLinksAndReportsEachCategoryFailed()
    {
        await using var host = await LinkingHost.StartAsync();
        using var alice = await host.SignInAsync("alice");
        host.Withings.Enqueue("/notify", "list", WithingsReply.Status(2554, "list is down"));

        var callback = await alice.LinkAsync();

        callback.StatusCode.Should().Be(HttpStatusCode.OK);
        var linked = host.Linked.Should().ContainSingle().Subject;
        linked.Subscriptions.Failed.Should().Equal(NotificationCategory.Weight, NotificationCategory.Sleep);
        linked.Subscriptions.Outcomes.Should().OnlyContain(o => o.Error!.Status == 2554);
        (await host.Tokens.GetAsync(12345, CancellationToken.None)).Should().NotBeNull();
    }

    [Test]
    public async Task Link_ConfiguredRedirectUri_IsSentToTheAuthorizationPageAndTheCodeExchange()
    {
        // The public address a proxy in front of the application answers on.
        var registered = new Uri("https://app.example/withings/link/callback?from=registered");
        await using var host = await LinkingHost.StartAsync(o => o.RedirectUri = registered);
        using var alice = await host.SignInAsync("alice");

        var back = await alice.AuthorizeAsync();
        var callback = await alice.GetAsync(new Uri(host.Address, "/withings/link/callback" + back.Query));

        back.GetLeftPart(UriPartial.Path).Should().Be("https://app.example/withings/link/callback");
        callback.StatusCode.Should().Be(HttpStatusCode.OK);
        host.Withings.Requests.Single(r => r.Path == "/oauth2_user/authorize2").Field("redirect_uri").Should().Be(registered.OriginalString);
        host.Withings.Requests.Single(r => r.Action == "requesttoken").Field("redirect_uri").Should().Be(registered.OriginalString);
    }

    [Test]
    public async Task Link_NoCategoriesConfigured_LinksWithoutSubscribing()
    {
        await using var host = await LinkingHost.StartAsync(o =>
        {
            o.CallbackUrl = null;
            o.Categories = [];
        });
        using var alice = await host.SignInAsync("alice");

        (await alice.LinkAsync()).StatusCode.Should().Be(HttpStatusCode.OK);

        host.Linked.Should().ContainSingle().Which.Subscriptions.Outcomes.Should().BeEmpty();
        host.Withings.Requests.Should().NotContain(r => r.Path == "/notify");
    }

    [Test]
    public async Task Link_EveryOutcome_NoTokenOrClientSecretInAnyPageOrLogLine()
    {
        await using var host = await LinkingHost.StartAsync();
        using var alice = await host.SignInAsync("alice");
        using var mallory = await host.SignInAsync("mallory");

        var back = await alice.AuthorizeAsync();
        await mallory.GetAsync(back);
        await alice.GetAsync(back);
        await alice.GetAsync(back);
        host.Withings.RefuseNextAuthorization();
        await alice.LinkAsync();
        await alice.LinkAsync();

        var pair = await host.Tokens.GetAsync(12345, CancellationToken.None);
        host.Linked.Should().HaveCount(2);
        NothingSecretLeaked(host, pair!);
    }

    private static void NothingSecretLeaked(LinkingHost host, WithingsTokenPair pair)
    {
        var logged = string.Join("\n", host.Logs.GetSnapshot().Select(r => r.Message + " " + r.Exception + " " + string.Join(",", r.StructuredState?.Select(s => s.Value) ?? [])));
        var pages = string.Join("\n", host.Bodies);
        foreach (var secret in new[] { pair.AccessToken, pair.RefreshToken, "look-alike-access-", "look-alike-refresh-", host.Withings.Options.ClientSecret, "secret=linking-tests-secret" })
        {
            pages.Should().NotContain(secret);
            logged.Should().NotContain(secret);
        }

        logged.Should().Contain("Linked Withings user 12345", "the log is captured, so its silence about secrets means something");
    }

    private static void IsUntouched(LinkingHost host)
    {
        host.Linked.Should().BeEmpty();
        host.Withings.Requests.Should().NotContain(r => r.Action == "requesttoken");
        host.Withings.Subscriptions.Should().BeEmpty();
    }

    // A state sealed by another application's key ring (another deployment, an attacker's own copy of the app).
    private static string OtherApplicationsState()
    {
        var protector = new EphemeralDataProtectionProvider().CreateProtector("Withings.Sdk.AspNetCore.Linking.State.v1");
        var state = LinkStateProtector.NewState("alice", isDemo: false, returnUrl: null, DateTimeOffset.FromUnixTimeSeconds(1709380800).AddHours(1));
        return WebEncoders.Base64UrlEncode(protector.Protect(state.Serialize()));
    }
}
