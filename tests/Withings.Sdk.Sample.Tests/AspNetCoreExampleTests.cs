using System.Net;
using System.Text;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;
using Withings.Sdk.TestSupport;

namespace Withings.Sdk.Sample.Tests;

/// <summary>
/// samples/Withings.Sdk.Example.AspNetCore run as a user runs it (its built dll in a child process, settings from the
/// environment): pointed at a loopback Withings look-alike, a user signs in, links their Withings account through the
/// example's linking endpoints and the look-alike's authorization page, and a real notification body posted to its
/// endpoint comes out as the typed data the look-alike served; with --offline it does all of that by itself.
/// </summary>
[NonParallelizable]
public sealed class AspNetCoreExampleTests
{
    private const string Secret = "example-callback-secret-7d41";
    private const string ClientSecret = "example-client-secret-5be0";
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(3);

    [TestCase(
        12345L,
        "foo=bar&userid=12345&appli=1&startdate=1530576000&enddate=1530698753",
        "user 12345: new weight data from 2018-07-03 00:00:00Z to 2018-07-04 10:05:53Z",
        "user 12345: Weight = 65.750 at 2020-07-08 22:00:00Z",
        TestName = "Example_LinkedUsersWeightNotification_PrintsTheMeasuresFetched")]
    [TestCase(
        13371337L,
        "userid=13371337&startdate=1709336580&enddate=1709368500&appli=44",
        "user 13371337: a night from 2024-03-01 23:43:00Z to 2024-03-02 08:35:00Z",
        "user 13371337: night of 2020-07-09, slept 02:43:20, score 82",
        TestName = "Example_LinkedUsersSleepNotification_PrintsTheNightFetched")]
    public async Task Example_UserLinksThenANotificationArrives_PrintsTheLinkAndTheTypedDataFetched(long userId, string body, string notificationLine, string dataLine)
    {
        await using var withings = await StartWithingsAsync(userId);
        await using var example = await ExampleProcess.StartAsync([], new Dictionary<string, string>
        {
            ["Withings__ApiBaseAddress"] = withings.BaseAddress.AbsoluteUri,
            ["Withings__ClientId"] = withings.Options.ClientId,
            ["Withings__ClientSecret"] = withings.Options.ClientSecret,
            ["Withings__OAuth__AuthorizeEndpoint"] = withings.AuthorizeEndpoint.AbsoluteUri,
            ["Withings__Notify__SubscribeSpacing"] = "00:00:00",
            ["Withings__Receiver__CallbackSecret"] = Secret,
            ["Withings__Linking__CallbackUrl"] = "https://app.example/withings/notify?secret=" + Secret,
            ["Withings__Linking__Categories__0"] = "Weight",
            ["Withings__Linking__Categories__1"] = "Sleep",
        });

        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() });
        (await browser.GetAsync(new Uri(example.Address, "/signin?user=alice"))).EnsureSuccessStatusCode();
        using var linked = await browser.GetAsync(new Uri(example.Address, "/withings/link/connect"));
        var page = await linked.Content.ReadAsStringAsync();
        using var content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await browser.PostAsync(new Uri(example.Address, "/withings/notify?secret=" + Secret), content);

        linked.StatusCode.Should().Be(HttpStatusCode.OK, page);
        page.Should().Contain("Withings account linked");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        await example.WaitForLineAsync(dataLine, Wait);
        example.Output.Should().ContainInOrder(
            $"alice linked Withings user {userId} (scope user.metrics,user.activity); subscriptions: weight subscribed, sleep subscribed",
            notificationLine,
            dataLine);
        withings.SubscriptionsOf(userId).Select(s => s.Appli).Should().BeEquivalentTo([1, 44]);
        withings.Requests.Where(r => r.Path is "/measure" or "/v2/sleep").Should().NotBeEmpty()
            .And.OnlyContain(r => r.BearerToken!.StartsWith("look-alike-access-", StringComparison.Ordinal), "the example fetches with the pair saved when the user linked");
        NothingSecretPrinted(example, Secret, ClientSecret, "look-alike-access-", "look-alike-refresh-");
    }

    [Test]
    public async Task Example_Offline_PostsANotificationItselfAndPrintsItsTypedDataWithoutTokensOrSecrets()
    {
        await using var example = await ExampleProcess.StartAsync(["--offline"], new Dictionary<string, string>());

        // The handler prints while the offline driver prints its own lines: wait for the last of each before looking.
        await example.WaitForLineAsync("user 12345: FatRatio = 23.45 at 2018-07-03 07:00:00Z", Wait);
        var another = await example.WaitForLineStartingAsync("offline: post another: ", Wait);

        example.Output.Should().ContainInOrder(
            "user 12345: new weight data from 2018-07-03 00:00:00Z to 2018-07-04 10:05:53Z",
            "user 12345: Weight = 72.00 at 2018-07-03 07:00:00Z",
            "user 12345: FatRatio = 23.45 at 2018-07-03 07:00:00Z");
        another.Should().StartWith("offline: post another: curl -d 'userid=12345&appli=4&startdate=1709273700&enddate=1709274300' http://127.0.0.1:");

        // The curl it suggests, sent as curl sends it: another notification, handled and printed too.
        var (body, url) = CurlOf(another);
        using var http = new HttpClient();
        using var content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await http.PostAsync(url, content);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        await example.WaitForLineAsync("user 12345: HeartPulse = 64 at 2024-03-01 06:20:00Z", Wait);
        example.Output.Should().ContainInOrder(
            "user 12345: new blood pressure data from 2024-03-01 06:15:00Z to 2024-03-01 06:25:00Z",
            "user 12345: DiastolicBloodPressure = 79 at 2024-03-01 06:20:00Z",
            "user 12345: SystolicBloodPressure = 121 at 2024-03-01 06:20:00Z");
        NothingSecretPrinted(example, "offline-access-", "offline-refresh-", "look-alike-client-secret");
    }

    [Test]
    public async Task Example_OfflineRunAgain_PrintsTheTypedDataAgainThoughTheStoreOfTheLastRunSawTheSameBody()
    {
        // One store path for both runs, as a newcomer's second `dotnet run -- --offline` has: the first run's store
        // remembers the body as received, and a run that reused it would acknowledge the body as a duplicate, silently.
        var store = Path.Combine(TestTemp.NewDirectory("example-store-"), "withings-receiver.db");
        var environment = new Dictionary<string, string> { ["Withings__Receiver__StorePath"] = store };
        await using (var first = await ExampleProcess.StartAsync(["--offline"], environment))
        {
            await first.WaitForLineAsync("user 12345: FatRatio = 23.45 at 2018-07-03 07:00:00Z", Wait);
        }

        await using var second = await ExampleProcess.StartAsync(["--offline"], environment);

        await second.WaitForLineAsync("user 12345: FatRatio = 23.45 at 2018-07-03 07:00:00Z", Wait);
        second.Output.Should().Contain("user 12345: Weight = 72.00 at 2018-07-03 07:00:00Z");
    }

    // "offline: post another: curl -d '<body>' <url>" → the body and the URL.
    private static (string Body, Uri Url) CurlOf(string line)
    {
        var quoted = line.Split('\'');
        quoted.Should().HaveCount(3, line);
        return (quoted[1], new Uri(quoted[2].Trim()));
    }

    private static void NothingSecretPrinted(ExampleProcess example, params string[] secrets)
    {
        var printed = string.Join('\n', example.Output) + example.Error;
        foreach (var secret in secrets)
        {
            printed.Should().NotContain(secret);
        }
    }

    // The one place this test knows the look-alike: each documented example reply by service and action.
    private static async Task<WithingsLookAlike> StartWithingsAsync(long userId)
    {
        var withings = await WithingsLookAlike.StartAsync(new WithingsLookAlikeOptions
        {
            ClientSecret = ClientSecret,
            AcceptAnyAccessToken = false,
            DefaultUserId = userId,
        });
        withings.Map(request => (request.Path, request.Field("action")) switch
        {
            ("/measure", "getmeas") => WithingsReply.Json(Fixture.Response("getmeas.json")),
            ("/v2/sleep", "getsummary") => WithingsReply.Json(Fixture.Response("sleep-getsummary.json")),
            ("/v2/sleep", "get") => WithingsReply.Json(Fixture.Response("sleep-get.json")),
            _ => null,
        });
        return withings;
    }

    /// <summary>The example's dll in a child process (<see cref="ChildProcess"/>), in a working folder of its own.</summary>
    private sealed class ExampleProcess : IAsyncDisposable
    {
        private readonly ChildProcess _process;
        private readonly string _directory;

        private ExampleProcess(ChildProcess process, string directory)
        {
            _process = process;
            _directory = directory;
        }

        public Uri Address { get; private set; } = null!;

        public IReadOnlyList<string> Output => _process.Output;

        public string Error => string.Join('\n', _process.Error);

        public static async Task<ExampleProcess> StartAsync(string[] arguments, Dictionary<string, string> environment)
        {
            var directory = TestTemp.NewDirectory("example-");
            var variables = new Dictionary<string, string?>
            {
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",

                // The tests here turn the console log off (QuietConsoleLog); the child's "Now listening on" line is read.
                ["Logging__Console__LogLevel__Default"] = null,
                ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1",
                ["DOTNET_EnableDiagnostics"] = "0",
                ["Withings__Receiver__StorePath"] = Path.Combine(directory, "withings-receiver.db"),

                // ASP.NET Core Data Protection (cookies, link states) keeps its key ring under HOME: here, in the temp folder.
                ["HOME"] = directory,
            };
            foreach (var (name, value) in environment)
            {
                variables[name] = value;
            }

            var process = ChildProcess.Start(
                ChildProcess.DotnetHost,
                [Repository.BuiltAssembly("samples/Withings.Sdk.Example.AspNetCore"), .. arguments],
                directory,
                variables);
            var example = new ExampleProcess(process, directory);
            try
            {
                const string listening = "Now listening on: ";
                var line = await process.WaitForLineAsync(l => l.Contains(listening, StringComparison.Ordinal), "listening", timeout: Wait);
                example.Address = new Uri(line[(line.IndexOf(listening, StringComparison.Ordinal) + listening.Length)..].Trim());
            }
            catch
            {
                await example.DisposeAsync();
                throw;
            }

            return example;
        }

        public Task<string> WaitForLineAsync(string line, TimeSpan timeout) =>
            _process.WaitForLineAsync(l => l == line, $"'{line}' printed", timeout: timeout);

        public Task<string> WaitForLineStartingAsync(string start, TimeSpan timeout) =>
            _process.WaitForLineAsync(l => l.StartsWith(start, StringComparison.Ordinal), $"a line starting '{start}' printed", timeout: timeout);

        public async ValueTask DisposeAsync()
        {
            await _process.DisposeAsync();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
