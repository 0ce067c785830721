using System.Net;
using System.Text;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;
using Withings.Sdk.TestSupport;

namespace Withings.Sdk.Sample.Tests;

/// <summary>
/// samples/Withings.Sdk.Example.AspNetCore run as a user runs it (its built dll in a child process, settings from the
/// environment), pointed at a loopback Withings look-alike: a real notification body posted to its endpoint comes out
/// as the typed data the look-alike served.
/// </summary>
[NonParallelizable]
public sealed class AspNetCoreExampleTests
{
    private const string Secret = "example-callback-secret-7d41";
    private const string AccessToken = "example-access-token-93c2";
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(3);

    [TestCase(
        "foo=bar&userid=12345&appli=1&startdate=1530576000&enddate=1530698753",
        "user 12345: new weight data from 2018-07-03 00:00:00Z to 2018-07-04 10:05:53Z",
        "user 12345: Weight = 65.750 at 2020-07-08 22:00:00Z",
        TestName = "Example_WeightNotification_PrintsTheMeasuresFetched")]
    [TestCase(
        "userid=13371337&startdate=1709336580&enddate=1709368500&appli=44",
        "user 13371337: a night from 2024-03-01 23:43:00Z to 2024-03-02 08:35:00Z",
        "user 13371337: night of 2020-07-09, slept 02:43:20, score 82",
        TestName = "Example_SleepNotification_PrintsTheNightFetched")]
    public async Task Example_PostedNotification_PrintsItsTypeAndTheTypedDataFetched(string body, string notificationLine, string dataLine)
    {
        await using var withings = await StartWithingsAsync();
        await using var example = await ExampleProcess.StartAsync(withings.BaseAddress);

        using var http = new HttpClient();
        using var content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await http.PostAsync(new Uri(example.Address, "/withings/notify?secret=" + Secret), content);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        await example.WaitForLineAsync(dataLine, Wait);
        example.Output.Should().ContainInOrder(notificationLine, dataLine);
        withings.Requests.Should().NotBeEmpty().And.OnlyContain(c => c.BearerToken == AccessToken, "the example sends the configured token");
        (string.Join('\n', example.Output) + example.Error).Should().NotContain(AccessToken).And.NotContain(Secret);
    }

    // The one place this test knows the look-alike: each documented example reply by service and action.
    private static async Task<WithingsLookAlike> StartWithingsAsync()
    {
        var withings = await WithingsLookAlike.StartAsync();
        withings.Map(request => (request.Path, request.Field("action")) switch
        {
            ("/measure", "getmeas") => WithingsReply.Json(Fixture.Response("getmeas.json")),
            ("/v2/sleep", "getsummary") => WithingsReply.Json(Fixture.Response("sleep-getsummary.json")),
            ("/v2/sleep", "get") => WithingsReply.Json(Fixture.Response("sleep-get.json")),
            _ => WithingsReply.Json("""{"status":0,"body":{}}"""),
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

        public static async Task<ExampleProcess> StartAsync(Uri withings)
        {
            var directory = TestTemp.NewDirectory("example-");
            var process = ChildProcess.Start(
                ChildProcess.DotnetHost,
                [ExampleAssembly()],
                directory,
                new Dictionary<string, string?>
                {
                    ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",

                    // The tests here turn the console log off (QuietConsoleLog); the child's "Now listening on" line is read.
                    ["Logging__Console__LogLevel__Default"] = null,
                    ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1",
                    ["DOTNET_EnableDiagnostics"] = "0",
                    ["Withings__ApiBaseAddress"] = withings.AbsoluteUri,
                    ["Withings__Receiver__CallbackSecret"] = Secret,
                    ["Withings__Receiver__StorePath"] = Path.Combine(directory, "withings-receiver.db"),
                    ["WITHINGS_ACCESS_TOKEN"] = AccessToken,
                });
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

        public async ValueTask DisposeAsync()
        {
            await _process.DisposeAsync();
            Directory.Delete(_directory, recursive: true);
        }

        private static string ExampleAssembly()
        {
            // tests/Withings.Sdk.Sample.Tests/bin/<Configuration>/<tfm>/ → the same place in the example's project.
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var repository = output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(repository, "samples", "Withings.Sdk.Example.AspNetCore", "bin", output.Parent.Name, output.Name, "Withings.Sdk.Example.AspNetCore.dll");
        }
    }
}
