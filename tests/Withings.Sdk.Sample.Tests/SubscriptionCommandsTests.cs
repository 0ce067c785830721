using Withings.Sdk.Testing;

namespace Withings.Sdk.Sample.Tests;

/// <summary>
/// The sample's subscription commands as the sample's documented command line (README) specifies them, against a local server that answers like
/// Withings; the token and settings come from environment variables, as for a user.
/// </summary>
[NonParallelizable]
public sealed class SubscriptionCommandsTests
{
    private const string Callback = "https://example.com/withings/notify";

    // The client id and secret of Withings' own documentation samples.
    private const string ClientId = "7573fd4a4c421ddd102dac406dc6e0e0e22f683c4a5e81ff0a5caf8b65abed67";
    private const string ClientSecret = "d9286311451fc6ed71b372a075c58c5058be158f56a77865e43ab3783255424f";
    private readonly Dictionary<string, string?> _saved = [];

    [TearDown]
    public void RestoreEnvironment()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        _saved.Clear();
    }

    [Test]
    public async Task Subscribe_Status293_PrintsFailureWithStatusAndExits1()
    {
        await using var server = await WithingsLookAlike.StartAsync();
        server.Map(_ => WithingsReply.Json("""{"status":293,"body":{}}"""));
        UseServer(server);

        var (exitCode, lines) = await RunAsync("subscribe", "--appli", "44", "--callback", Callback, "--comment", "sleep");

        exitCode.Should().Be(1);
        lines.Should().Equal("""{"ok":false,"status":293,"family":"InvalidParams","error":"Withings refused notify/subscribe with status 293 (invalid params: callback URL absent, invalid, or failed Withings' HEAD check). Use an https URL with a host name (no IP, no localhost), port 80 or 443, at most 255 characters, that answers Withings' HEAD request with HTTP 200."}""");
        server.Requests.Select(r => (r.Headers["Authorization"], r.Body)).Should().Equal(
            ("Bearer at-sample", "action=subscribe&callbackurl=https:%2F%2Fexample.com%2Fwithings%2Fnotify&appli=44&comment=sleep"));
    }

    [Test]
    public async Task Subscribe_Status601TwiceThen0_SucceedsAfterTwoRetries()
    {
        await using var server = await WithingsLookAlike.StartAsync();
        server.Enqueue("/notify", "subscribe", WithingsReply.Status(601), WithingsReply.Status(601), WithingsReply.Ok("{}"));
        UseServer(server);

        var (exitCode, lines) = await RunAsync("subscribe", "--appli", "44", "--callback", Callback);

        exitCode.Should().Be(0);
        lines.Should().Equal("""{"ok":true,"appli":44,"callbackurl":"https://example.com/withings/notify"}""");
        server.Requests.Should().HaveCount(3);
    }

    [Test]
    public async Task List_Profiles_PrintsThemWithNumericAppliAndExpires()
    {
        await using var server = await WithingsLookAlike.StartAsync();
        server.Map(_ => WithingsReply.Json("""{"status":0,"body":{"profiles":[{"appli":44,"callbackurl":"https://example.com/a","comment":"nights","expires":2147483647},{"appli":1,"callbackurl":"https://example.com/b","comment":"weight"}]}}"""));
        UseServer(server);

        var (exitCode, lines) = await RunAsync("list");

        exitCode.Should().Be(0);
        lines.Should().Equal("""{"ok":true,"profiles":[{"appli":44,"callbackurl":"https://example.com/a","comment":"nights","expires":2147483647},{"appli":1,"callbackurl":"https://example.com/b","comment":"weight","expires":null}]}""");
        server.Requests.Single().Body.Should().Be("action=list");
    }

    [Test]
    public async Task Get_Subscription_PrintsAppliCallbackComment()
    {
        await using var server = await WithingsLookAlike.StartAsync();
        server.Map(_ => WithingsReply.Json("""{"status":0,"body":{"appli":16,"callbackurl":"https://example.com/withings/notify","comment":"steps"}}"""));
        UseServer(server);

        var (exitCode, lines) = await RunAsync("get", "--callback", Callback, "--appli", "16");

        exitCode.Should().Be(0);
        lines.Should().Equal("""{"ok":true,"appli":16,"callbackurl":"https://example.com/withings/notify","comment":"steps"}""");
        server.Requests.Single().Body.Should().Be("action=get&callbackurl=https:%2F%2Fexample.com%2Fwithings%2Fnotify&appli=16");
    }

    [TestCase(new[] { "revoke", "--callback", Callback }, "action=revoke&callbackurl=https:%2F%2Fexample.com%2Fwithings%2Fnotify")]
    [TestCase(new[] { "revoke", "--callback", Callback, "--appli", "44" }, "action=revoke&callbackurl=https:%2F%2Fexample.com%2Fwithings%2Fnotify&appli=44")]
    [TestCase(new[] { "update", "--callback", Callback, "--appli", "44", "--new-appli", "50" }, "action=update&callbackurl=https:%2F%2Fexample.com%2Fwithings%2Fnotify&appli=44&new_appli=50")]
    [TestCase(new[] { "update", "--callback", Callback, "--appli", "44", "--new-callback", "https://example.org/n" }, "action=update&callbackurl=https:%2F%2Fexample.com%2Fwithings%2Fnotify&appli=44&new_callbackurl=https:%2F%2Fexample.org%2Fn")]
    [TestCase(new[] { "update", "--callback", Callback, "--appli", "44", "--comment", "new note" }, "action=update&callbackurl=https:%2F%2Fexample.com%2Fwithings%2Fnotify&appli=44&comment=new%20note")]
    public async Task RevokeAndUpdate_Success_PrintOkAndSendTheDocumentedForm(string[] args, string body)
    {
        await using var server = await WithingsLookAlike.StartAsync();
        server.Map(_ => WithingsReply.Json("""{"status":0,"body":{}}"""));
        UseServer(server);

        var (exitCode, lines) = await RunAsync(args);

        exitCode.Should().Be(0);
        lines.Should().Equal("""{"ok":true}""");
        server.Requests.Single().Body.Should().Be(body);
    }

    [TestCase("")]
    [TestCase(null)]
    public async Task List_NoToken_FailsBeforeAnyRequest(string? token)
    {
        await using var server = await WithingsLookAlike.StartAsync();
        server.Map(_ => WithingsReply.Json("""{"status":0,"body":{"profiles":[]}}"""));
        UseServer(server);
        Set("WITHINGS_ACCESS_TOKEN", token);

        var (exitCode, lines) = await RunAsync("list");

        exitCode.Should().Be(1);
        lines.Should().Equal("""{"ok":false,"status":null,"family":null,"error":"WITHINGS_ACCESS_TOKEN is not set: export the user's OAuth access token before running 'list'"}""");
        server.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task Update_TwoChanges_IsAUsageErrorBeforeAnyRequest()
    {
        await using var server = await WithingsLookAlike.StartAsync();
        server.Map(_ => WithingsReply.Json("""{"status":0,"body":{}}"""));
        UseServer(server);

        var (exitCode, lines) = await RunAsync("update", "--callback", Callback, "--appli", "44", "--new-appli", "50", "--comment", "x");

        exitCode.Should().Be(2);
        lines.Should().Equal("""{"ok":false,"error":"update needs exactly one of --new-callback URL, --new-appli N, --comment C"}""");
        server.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task Subscribe_HttpCallback_FailsNamingTheRuleUnlessValidationIsOff()
    {
        await using var server = await WithingsLookAlike.StartAsync();
        server.Map(_ => WithingsReply.Json("""{"status":0,"body":{}}"""));
        UseServer(server);

        var (refusedExit, refused) = await RunAsync("subscribe", "--appli", "1", "--callback", "http://127.0.0.1:9000/cb");
        Set("Withings__Notify__ValidateCallbackUrls", "false");
        var (acceptedExit, accepted) = await RunAsync("subscribe", "--appli", "1", "--callback", "http://127.0.0.1:9000/cb");

        refusedExit.Should().Be(1);
        refused.Single().Should().StartWith("""{"ok":false,"status":null,"family":null,"error":"callbackUrl uses http; Withings only calls https URLs""");
        acceptedExit.Should().Be(0);
        accepted.Should().Equal("""{"ok":true,"appli":1,"callbackurl":"http://127.0.0.1:9000/cb"}""");
        server.Requests.Should().HaveCount(1);
    }

    [TestCase("1", 1)]
    [TestCase("2", 2)]
    [TestCase("4", 4)]
    public async Task List_Status601Always_SendsAtMostMaxAttemptsRequests(string maxAttempts, int requests)
    {
        await using var server = await WithingsLookAlike.StartAsync();
        server.Map(_ => WithingsReply.Status(601));
        UseServer(server);
        Set("Withings__Retry__MaxAttempts", maxAttempts);

        var (exitCode, lines) = await RunAsync("list");

        exitCode.Should().Be(1);
        lines.Single().Should().StartWith("""{"ok":false,"status":601,""");
        server.Requests.Should().HaveCount(requests, "Retry.MaxAttempts counts every attempt, the first included");
    }

    [Test]
    public async Task List_InvalidRetrySetting_FailsNamingTheKey()
    {
        await using var server = await WithingsLookAlike.StartAsync();
        server.Map(_ => WithingsReply.Json("""{"status":0,"body":{"profiles":[]}}"""));
        UseServer(server);
        Set("Withings__Retry__MaxAttempts", "0");

        var (exitCode, lines) = await RunAsync("list");

        exitCode.Should().Be(1);
        lines.Should().Equal("""{"ok":false,"status":null,"family":null,"error":"configuration: Withings:Retry:MaxAttempts: must be between 1 and 2147483647."}""");
        server.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task SubscriptionsEnsure_Prune_PrintsWhatItSubscribedKeptRevokedAndFailed()
    {
        await using var withings = await StartWithUserAsync();
        withings.AddSubscription(new LookAlikeSubscription(363, 1, Callback, "earlier"));
        withings.AddSubscription(new LookAlikeSubscription(363, 44, Callback, "earlier"));
        withings.AddSubscription(new LookAlikeSubscription(363, 16, "https://example.org/other", "earlier"));
        var server = withings;
        UseServer(server);

        var (exitCode, lines) = await RunAsync("subscriptions", "ensure", "--callback", Callback, "--appli", "1,4,16", "--prune");

        exitCode.Should().Be(0);
        lines.Should().Equal("""{"ok":true,"subscribed":[4,16],"kept":[1],"revoked":[44],"failed":[]}""");
        withings.Subscriptions.Where(s => s.UserId == 363).Select(s => (s.Appli, s.CallbackUrl)).Should().BeEquivalentTo(new[] { (1, Callback), (16, "https://example.org/other"), (4, Callback), (16, Callback) });
    }

    [Test]
    public async Task SubscriptionsEnsure_TwiceInARow_SecondRunKeepsEverything()
    {
        await using var server = await StartWithUserAsync();
        UseServer(server);

        var (firstExit, first) = await RunAsync("subscriptions", "ensure", "--callback", Callback, "--appli", "1,4,16,44");
        var (secondExit, second) = await RunAsync("subscriptions", "ensure", "--callback", Callback, "--appli", "1,4,16,44");

        (firstExit, secondExit).Should().Be((0, 0));
        first.Should().Equal("""{"ok":true,"subscribed":[1,4,16,44],"kept":[],"revoked":[],"failed":[]}""");
        second.Should().Equal("""{"ok":true,"subscribed":[],"kept":[1,4,16,44],"revoked":[],"failed":[]}""");
        server.Requests.Count(c => c.Action == "subscribe").Should().Be(4);
    }

    [Test]
    public async Task SubscriptionsEnsure_CallbackCheckFailsPastTheRetries_ListsItAsFailedAndExits1()
    {
        await using var server = await StartWithUserAsync();
        server.FailCallbackCheck(1);
        UseServer(server);
        Set("Withings__Notify__CallbackCheckRetries", "0");

        var (exitCode, lines) = await RunAsync("subscriptions", "ensure", "--callback", Callback, "--appli", "4,1");

        exitCode.Should().Be(1);
        lines.Should().Equal("""{"ok":true,"subscribed":[1],"kept":[],"revoked":[],"failed":[4]}""");
    }

    [TestCase("1,x")]
    [TestCase("")]
    public async Task SubscriptionsEnsure_BadCategoryList_IsAUsageErrorBeforeAnyRequest(string applis)
    {
        await using var server = await WithingsLookAlike.StartAsync();
        server.Map(_ => WithingsReply.Json("""{"status":0,"body":{"profiles":[]}}"""));
        UseServer(server);

        var (exitCode, lines) = await RunAsync("subscriptions", "ensure", "--callback", Callback, "--appli", applis);

        exitCode.Should().Be(2);
        lines.Single().Should().StartWith("""{"ok":false,"error":"--appli""");
        server.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task TokenRevoke_SignedCall_PrintsOkAndWithingsForgetsTheUser()
    {
        await using var withings = await StartWithUserAsync();
        withings.AddSubscription(new LookAlikeSubscription(363, 44, Callback, "earlier"));
        var server = withings;
        UseServer(server);
        Set("Withings__ClientId", ClientId);
        Set("Withings__ClientSecret", ClientSecret);

        var (exitCode, lines) = await RunAsync("token", "revoke", "--userid", "363");

        exitCode.Should().Be(0);
        lines.Should().Equal("""{"ok":true}""");
        withings.HasTokens(363).Should().BeFalse();
        withings.Subscriptions.Should().NotContain(s => s.UserId == 363);
        server.Requests.Select(c => c.Path).Should().Equal("/v2/signature", "/v2/oauth2");
    }

    [Test]
    public async Task TokenRevoke_WrongSecret_PrintsTheFailureLineWithoutTheSecret()
    {
        const string wrongSecret = "2222222222222222222222222222222222222222222222222222222222222222";
        await using var server = await StartWithUserAsync();
        UseServer(server);
        Set("Withings__ClientId", ClientId);
        Set("Withings__ClientSecret", wrongSecret);

        var (exitCode, lines) = await RunAsync("token", "revoke", "--userid", "363");

        exitCode.Should().Be(1);
        lines.Single().Should().StartWith(""""{"ok":false,"status":342,"family":"InvalidParams","error":"""").And.NotContain(wrongSecret);
    }

    [TestCase(new[] { "subscriptions", "--help" }, "subscriptions ensure --callback URL --appli N[,N...] [--prune]")]
    [TestCase(new[] { "token", "--help" }, "token revoke --userid N")]
    [TestCase(new[] { "--help" }, "subscriptions ensure --callback URL --appli N[,N...] [--prune]")]
    [TestCase(new[] { "--help" }, "token revoke --userid N")]
    public async Task Help_ShowsEnsureAndRevoke(string[] args, string synopsis)
    {
        var (exitCode, lines) = await RunAsync(args);

        exitCode.Should().Be(0);
        lines.Should().Contain(synopsis);
    }

    // A strict look-alike: only user 363's token works, and signed calls need this application's secret.
    private static async Task<WithingsLookAlike> StartWithUserAsync()
    {
        var withings = await WithingsLookAlike.StartAsync(new WithingsLookAlikeOptions { ClientId = ClientId, ClientSecret = ClientSecret, AcceptAnyAccessToken = false });
        withings.AddUser(363, "at-sample", "rt-sample");
        return withings;
    }

    private static async Task<(int ExitCode, string[] Lines)> RunAsync(params string[] args)
    {
        using var input = new StringReader(string.Empty);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await SampleApp.RunAsync(args, input, output, error);
        return (exitCode, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private void UseServer(WithingsLookAlike server)
    {
        Set("WITHINGS_ACCESS_TOKEN", "at-sample");
        Set("Withings__ApiBaseAddress", server.BaseAddress.AbsoluteUri);

        // No wait between retries or subscribes: the outcome is what is checked, not the timing.
        Set("Withings__Retry__BaseDelay", "00:00:00");
        Set("Withings__Retry__RateLimitWait", "00:00:00");
        Set("Withings__Notify__SubscribeSpacing", "00:00:00");
        Set("Withings__Notify__CallbackCheckRetryDelay", "00:00:00");
    }

    private void Set(string name, string? value)
    {
        _saved.TryAdd(name, Environment.GetEnvironmentVariable(name));
        Environment.SetEnvironmentVariable(name, value);
    }
}
