using Withings.Sdk.Sample;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.Sample;

/// <summary>
/// The sample's subscription commands as PRODUCT.md specifies them, against a local server that answers like
/// Withings; the token and settings come from environment variables, as for a user.
/// </summary>
[NonParallelizable]
public sealed class SubscriptionCommandsTests
{
    private const string Callback = "https://example.com/withings/notify";
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
        await using var server = await LoopbackWithingsServer.StartAsync("""{"status":293,"body":{}}""");
        UseServer(server);

        var (exitCode, lines) = await RunAsync("subscribe", "--appli", "44", "--callback", Callback, "--comment", "sleep");

        exitCode.Should().Be(1);
        lines.Should().Equal("""{"ok":false,"status":293,"family":"InvalidParams","error":"Withings refused notify/subscribe with status 293 (invalid params: callback URL absent, invalid, or failed Withings' HEAD check). Use an https URL with a host name (no IP, no localhost), port 80 or 443, at most 255 characters, that answers Withings' HEAD request with HTTP 200."}""");
        server.Requests.Select(r => (r.Authorization, r.Body)).Should().Equal(
            ("Bearer at-sample", "action=subscribe&callbackurl=https%3A%2F%2Fexample.com%2Fwithings%2Fnotify&appli=44&comment=sleep"));
    }

    [Test]
    public async Task Subscribe_Status601TwiceThen0_SucceedsAfterTwoRetries()
    {
        await using var server = await LoopbackWithingsServer.StartAsync("""{"status":601}""", """{"status":601}""", """{"status":0,"body":{}}""");
        UseServer(server);

        var (exitCode, lines) = await RunAsync("subscribe", "--appli", "44", "--callback", Callback);

        exitCode.Should().Be(0);
        lines.Should().Equal("""{"ok":true,"appli":44,"callbackurl":"https://example.com/withings/notify"}""");
        server.Requests.Should().HaveCount(3);
    }

    [Test]
    public async Task List_Profiles_PrintsThemWithNumericAppliAndExpires()
    {
        await using var server = await LoopbackWithingsServer.StartAsync("""{"status":0,"body":{"profiles":[{"appli":44,"callbackurl":"https://example.com/a","comment":"nights","expires":2147483647},{"appli":1,"callbackurl":"https://example.com/b","comment":"weight"}]}}""");
        UseServer(server);

        var (exitCode, lines) = await RunAsync("list");

        exitCode.Should().Be(0);
        lines.Should().Equal("""{"ok":true,"profiles":[{"appli":44,"callbackurl":"https://example.com/a","comment":"nights","expires":2147483647},{"appli":1,"callbackurl":"https://example.com/b","comment":"weight","expires":null}]}""");
        server.Requests.Single().Body.Should().Be("action=list");
    }

    [Test]
    public async Task Get_Subscription_PrintsAppliCallbackComment()
    {
        await using var server = await LoopbackWithingsServer.StartAsync("""{"status":0,"body":{"appli":16,"callbackurl":"https://example.com/withings/notify","comment":"steps"}}""");
        UseServer(server);

        var (exitCode, lines) = await RunAsync("get", "--callback", Callback, "--appli", "16");

        exitCode.Should().Be(0);
        lines.Should().Equal("""{"ok":true,"appli":16,"callbackurl":"https://example.com/withings/notify","comment":"steps"}""");
        server.Requests.Single().Body.Should().Be("action=get&callbackurl=https%3A%2F%2Fexample.com%2Fwithings%2Fnotify&appli=16");
    }

    [TestCase(new[] { "revoke", "--callback", Callback }, "action=revoke&callbackurl=https%3A%2F%2Fexample.com%2Fwithings%2Fnotify")]
    [TestCase(new[] { "revoke", "--callback", Callback, "--appli", "44" }, "action=revoke&callbackurl=https%3A%2F%2Fexample.com%2Fwithings%2Fnotify&appli=44")]
    [TestCase(new[] { "update", "--callback", Callback, "--appli", "44", "--new-appli", "50" }, "action=update&callbackurl=https%3A%2F%2Fexample.com%2Fwithings%2Fnotify&appli=44&new_appli=50")]
    [TestCase(new[] { "update", "--callback", Callback, "--appli", "44", "--new-callback", "https://example.org/n" }, "action=update&callbackurl=https%3A%2F%2Fexample.com%2Fwithings%2Fnotify&appli=44&new_callbackurl=https%3A%2F%2Fexample.org%2Fn")]
    [TestCase(new[] { "update", "--callback", Callback, "--appli", "44", "--comment", "new note" }, "action=update&callbackurl=https%3A%2F%2Fexample.com%2Fwithings%2Fnotify&appli=44&comment=new+note")]
    public async Task RevokeAndUpdate_Success_PrintOkAndSendTheDocumentedForm(string[] args, string body)
    {
        await using var server = await LoopbackWithingsServer.StartAsync("""{"status":0,"body":{}}""");
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
        await using var server = await LoopbackWithingsServer.StartAsync("""{"status":0,"body":{"profiles":[]}}""");
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
        await using var server = await LoopbackWithingsServer.StartAsync("""{"status":0,"body":{}}""");
        UseServer(server);

        var (exitCode, lines) = await RunAsync("update", "--callback", Callback, "--appli", "44", "--new-appli", "50", "--comment", "x");

        exitCode.Should().Be(2);
        lines.Should().Equal("""{"ok":false,"error":"update needs exactly one of --new-callback URL, --new-appli N, --comment C"}""");
        server.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task Subscribe_HttpCallback_FailsNamingTheRuleUnlessValidationIsOff()
    {
        await using var server = await LoopbackWithingsServer.StartAsync("""{"status":0,"body":{}}""");
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

    [Test]
    public async Task List_InvalidRetrySetting_FailsNamingTheKey()
    {
        await using var server = await LoopbackWithingsServer.StartAsync("""{"status":0,"body":{"profiles":[]}}""");
        UseServer(server);
        Set("Withings__Retry__MaxRetries", "-1");

        var (exitCode, lines) = await RunAsync("list");

        exitCode.Should().Be(1);
        lines.Should().Equal("""{"ok":false,"status":null,"family":null,"error":"configuration: Withings:Retry:MaxRetries: must be 0 or more (the attempts after the first)"}""");
        server.Requests.Should().BeEmpty();
    }

    private static async Task<(int ExitCode, string[] Lines)> RunAsync(params string[] args)
    {
        using var input = new StringReader(string.Empty);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await SampleApp.RunAsync(args, input, output, error);
        return (exitCode, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private void UseServer(LoopbackWithingsServer server)
    {
        Set("WITHINGS_ACCESS_TOKEN", "at-sample");
        Set("Withings__ApiBaseAddress", server.BaseAddress.AbsoluteUri);

        // No wait between retries: the outcome is what is checked, not the timing.
        Set("Withings__Retry__BaseDelay", "00:00:00");
        Set("Withings__Retry__RateLimitWait", "00:00:00");
    }

    private void Set(string name, string? value)
    {
        _saved.TryAdd(name, Environment.GetEnvironmentVariable(name));
        Environment.SetEnvironmentVariable(name, value);
    }
}
