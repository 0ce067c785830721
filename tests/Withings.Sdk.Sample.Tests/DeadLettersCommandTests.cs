using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Withings.Sdk.TestSupport;

namespace Withings.Sdk.Sample.Tests;

/// <summary>
/// <c>serve --store PATH --handler-delay MS</c> keeps dead letters in its file; <c>deadletters list|replay|purge</c>
/// reads, re-queues and deletes them.
/// </summary>
[NonParallelizable]
public sealed partial class DeadLettersCommandTests
{
    // A hang guard only: a passing test waits as long as serve takes.
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(3);
    private string _store = null!;

    [SetUp]
    public void CreatePath() => _store = TestTemp.NewStorePath();

    [TearDown]
    public void DeleteStore() => TestTemp.DeleteStore(_store);

    [Test]
    public async Task Deadletters_AfterServeDeadLetteredTwoBodies_ListReplayAndPurgePrintTheContractLines()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await ServeAsync("hello=world", "appli=one");

        var (listCode, listed) = await RunAsync("deadletters", "list", "--store", _store);
        listCode.Should().Be(0);
        listed.Should().HaveCount(2);

        // serve's handlers run side by side: the two were dead-lettered (and are listed) in either order.
        var letters = listed.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        letters.Select(l => l.GetProperty("id").GetInt64()).Should().BeInAscendingOrder("list prints them in the order they were stored");
        letters.Select(l => l.GetProperty("body").GetString()).Should().BeEquivalentTo(["hello=world", "appli=one"]);
        var first = letters.Single(l => l.GetProperty("body").GetString() == "hello=world");
        first.EnumerateObject().Select(p => p.Name).Should().Equal("id", "reason", "received", "attempts", "body");
        first.GetProperty("reason").GetString().Should().Be("unparseable");
        first.GetProperty("received").GetInt64().Should().BeInRange(before, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        first.GetProperty("attempts").GetInt32().Should().Be(0);
        var secondId = letters.Single(l => l.GetProperty("body").GetString() == "appli=one").GetProperty("id").GetInt64();

        (await RunAsync("deadletters", "replay", "--store", _store, "--id", secondId.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Lines.Should().Equal("""{"ok":true,"replayed":1}""");
        (await RunAsync("deadletters", "list", "--store", _store)).Lines.Should().ContainSingle().Which.Should().Contain("hello=world");
        (await RunAsync("deadletters", "purge", "--store", _store)).Lines.Should().Equal("""{"ok":true,"purged":1}""");
        (await RunAsync("deadletters", "list", "--store", _store)).Lines.Should().BeEmpty();

        // The replayed body is handled (here: dead-lettered again, it still does not parse) when serve next starts.
        var lines = await ServeAsync();
        // The console line names the field and the problem, never the body's value ('one'): only `list` prints bodies.
        lines.Should().ContainSingle().Which.Should().Be("""{"deadletter":true,"error":"appli: malformed"}""");
    }

    [Test]
    public async Task Deadletters_NoStoreFile_FailsWithoutCreatingOne()
    {
        var (exitCode, lines) = await RunAsync("deadletters", "list", "--store", _store);

        exitCode.Should().Be(1);
        lines.Should().ContainSingle().Which.Should().StartWith("""{"ok":false,"error":"deadletters: no store at""");
        File.Exists(_store).Should().BeFalse();
    }

    [Test]
    public async Task Deadletters_UnknownAction_UsageError()
    {
        var (exitCode, lines) = await RunAsync("deadletters", "show");

        exitCode.Should().Be(2);
        lines.Should().Equal("""{"ok":false,"error":"deadletters: say list, replay or purge"}""");
    }

    /// <summary>Runs serve on the store with a slow handler, posts the bodies, waits for one line each, stops.</summary>
    private async Task<IReadOnlyList<string>> ServeAsync(params string[] bodies)
    {
        var stdout = new StringWriter();
        var stderr = new BannerWriter();
        using var stop = new CancellationTokenSource();
        var run = ServeCommand.RunAsync(new CommandArgs(["--urls", "http://127.0.0.1:0", "--secret", "s3cr3t-for-test", "--store", _store, "--handler-delay", "20"]), new JsonLines(TextWriter.Synchronized(stdout)), stderr, stop.Token);
        var url = CallbackUrl().Match(await stderr.Banner.WaitAsync(Wait)).Value + "?secret=s3cr3t-for-test";
        using var client = new HttpClient { Timeout = Wait };
        foreach (var body in bodies)
        {
            using var response = await client.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using var deadline = new CancellationTokenSource(Wait);
        var expected = Math.Max(bodies.Length, 1);
        while (Lines(stdout).Length < expected)
        {
            // serve prints from the background handler; poll its output until every line is there.
            await Task.Delay(20, deadline.Token);
        }

        await stop.CancelAsync();
        (await run.WaitAsync(Wait)).Should().Be(0);
        return Lines(stdout);
    }

    private static string[] Lines(StringWriter writer) => writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    private static async Task<(int ExitCode, string[] Lines)> RunAsync(params string[] args)
    {
        using var input = new StringReader(string.Empty);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await SampleApp.RunAsync(args, input, output, error);
        return (exitCode, Lines(output));
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/withings/notify")]
    private static partial Regex CallbackUrl();

    /// <summary>Standard error: completes <see cref="Banner"/> with serve's first line.</summary>
    private sealed class BannerWriter : TextWriter
    {
        private readonly StringBuilder _line = new();
        private readonly TaskCompletionSource<string> _banner = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override Encoding Encoding => Encoding.UTF8;

        public Task<string> Banner => _banner.Task;

        public override void Write(char value)
        {
            lock (_line)
            {
                if (value == '\n')
                {
                    _banner.TrySetResult(_line.ToString());
                }
                else
                {
                    _line.Append(value);
                }
            }
        }
    }
}
