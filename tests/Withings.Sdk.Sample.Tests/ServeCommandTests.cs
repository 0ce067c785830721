using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Withings.Sdk.Testing;
using Withings.Sdk.TestSupport;

namespace Withings.Sdk.Sample.Tests;

/// <summary>The sample's <c>serve</c> command, as the sample's documented command line (README) specifies it, over a real Kestrel on 127.0.0.1.</summary>
[NonParallelizable]
public sealed partial class ServeCommandTests
{
    // A hang guard only: a passing test waits as long as serve takes.
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(3);

    [Test]
    public async Task Serve_SeedBodyTwiceThenGarbage_OneHandledLineNothingForTheDuplicateOneDeadLetterLine()
    {
        var stdout = new LineWriter();
        var stderr = new LineWriter();
        using var stop = new CancellationTokenSource();
        var run = ServeCommand.RunAsync(new CommandArgs(["--urls", "http://127.0.0.1:0", "--secret", "s3cr3t-for-test", "--store", "memory"]), new JsonLines(stdout), stderr, stop.Token);
        var banner = await stderr.NextLineAsync().WaitAsync(Wait);
        var url = CallbackUrl().Match(banner).Value + "?secret=s3cr3t-for-test";
        using var client = new HttpClient { Timeout = Wait };

        using var check = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        using var noSecret = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, CallbackUrl().Match(banner).Value));
        using var first = await client.PostAsync(url, Form("foo=bar&userid=12345&appli=1&startdate=1530576000&enddate=1530698753"));
        var handled = await stdout.NextLineAsync().WaitAsync(Wait);
        using var again = await client.PostAsync(url, Form("foo=bar&userid=12345&appli=1&startdate=1530576000&enddate=1530698753"));
        using var garbage = await client.PostAsync(url, Form("hello=world"));
        var deadLetter = await stdout.NextLineAsync().WaitAsync(Wait);
        await stop.CancelAsync();
        var exitCode = await run.WaitAsync(Wait);

        check.StatusCode.Should().Be(HttpStatusCode.OK);
        noSecret.StatusCode.Should().Be(HttpStatusCode.NotFound);
        new[] { first.StatusCode, again.StatusCode, garbage.StatusCode }.Should().AllBeEquivalentTo(HttpStatusCode.OK);
        handled.Should().Be("""{"handled":true,"appli":1,"userid":12345,"requests":1}""");
        deadLetter.Should().Be("""{"deadletter":true,"error":"appli: missing"}""");
        exitCode.Should().Be(0);
        stdout.Lines.Should().HaveCount(2, "a duplicate prints nothing and nothing else goes to standard output");
        banner.Should().NotContain("s3cr3t-for-test");
    }

    [Test]
    public async Task Serve_NoSecretAnywhere_RefusesToStartNamingTheSecretAndHowToPassIt()
    {
        var saved = Environment.GetEnvironmentVariable(ServeCommand.SecretVariable);
        Environment.SetEnvironmentVariable(ServeCommand.SecretVariable, null);
        try
        {
            using var input = new StringReader(string.Empty);
            using var output = new StringWriter();
            using var error = new StringWriter();

            var exitCode = await SampleApp.RunAsync(["serve", "--urls", "http://127.0.0.1:0"], input, output, error).WaitAsync(Wait);

            exitCode.Should().NotBe(0);
            error.ToString().Should().Contain("secret").And.Contain("--secret").And.Contain("WITHINGS_CALLBACK_SECRET").And.Contain("--allow-any-sender");
            output.ToString().Should().BeEmpty();
        }
        finally
        {
            Environment.SetEnvironmentVariable(ServeCommand.SecretVariable, saved);
        }
    }

    [Test]
    public async Task Serve_SecretFromTheEnvironment_RequiredOnEveryRequestAndNeverPrinted()
    {
        var saved = Environment.GetEnvironmentVariable(ServeCommand.SecretVariable);
        Environment.SetEnvironmentVariable(ServeCommand.SecretVariable, "env-s3cr3t-5521");

        // The durable store of its own: the dead letter is stored there and logged, and neither prints the body.
        var store = TestTemp.NewStorePath();
        try
        {
            var stdout = new LineWriter();
            var stderr = new LineWriter();
            using var stop = new CancellationTokenSource();
            var run = ServeCommand.RunAsync(new CommandArgs(["--urls", "http://127.0.0.1:0", "--store", store]), new JsonLines(stdout), stderr, stop.Token);
            var banner = await stderr.NextLineAsync().WaitAsync(Wait);
            var url = CallbackUrl().Match(banner).Value;
            using var client = new HttpClient { Timeout = Wait };

            using var forged = await client.PostAsync(url, Form("userid=12345&appli=46&action=unlink"));
            using var put = await client.PutAsync(url, Form("userid=12345&appli=46&action=unlink"));
            using var genuine = await client.PostAsync(url + "?secret=env-s3cr3t-5521", Form("email=jane.doe%40example.com&userid=12345"));
            var deadLetter = await stdout.NextLineAsync().WaitAsync(Wait);
            await stop.CancelAsync();
            var exitCode = await run.WaitAsync(Wait);

            forged.StatusCode.Should().Be(HttpStatusCode.NotFound);
            put.StatusCode.Should().Be(HttpStatusCode.NotFound);
            genuine.StatusCode.Should().Be(HttpStatusCode.OK);
            deadLetter.Should().Be("""{"deadletter":true,"error":"appli: missing"}""", "a dead letter's line carries no value of the body");
            exitCode.Should().Be(0);
            string.Join("\n", stdout.Lines.Concat(stderr.Lines)).Should().NotContain("env-s3cr3t-5521").And.NotContain("jane");
        }
        finally
        {
            Environment.SetEnvironmentVariable(ServeCommand.SecretVariable, saved);
            TestTemp.DeleteStore(store);
        }
    }

    [Test]
    public async Task Serve_AllowAnySender_StartsWithoutASecret()
    {
        var saved = Environment.GetEnvironmentVariable(ServeCommand.SecretVariable);
        Environment.SetEnvironmentVariable(ServeCommand.SecretVariable, null);
        try
        {
            var stdout = new LineWriter();
            var stderr = new LineWriter();
            using var stop = new CancellationTokenSource();
            var run = ServeCommand.RunAsync(new CommandArgs(["--urls", "http://127.0.0.1:0", "--allow-any-sender", "--store", "memory"]), new JsonLines(stdout), stderr, stop.Token);
            var banner = await stderr.NextLineAsync().WaitAsync(Wait);
            using var client = new HttpClient { Timeout = Wait };

            using var response = await client.PostAsync(CallbackUrl().Match(banner).Value, Form("userid=12345&appli=44&startdate=1709336580&enddate=1709368500"));
            var handled = await stdout.NextLineAsync().WaitAsync(Wait);
            await stop.CancelAsync();

            response.StatusCode.Should().Be(HttpStatusCode.OK);
            handled.Should().StartWith("""{"handled":true,"appli":44,"userid":12345,""");
            (await run.WaitAsync(Wait)).Should().Be(0);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ServeCommand.SecretVariable, saved);
        }
    }

    [Test]
    public async Task Serve_Fetch_PrintsHandledDataAndSyncedLines_WithTheSharedToken()
    {
        await using var api = await WithingsLookAlike.StartAsync();
        api.Map("/measure", "getmeas", _ => WithingsReply.Json("""{"status":0,"body":{"updatetime":1530700000,"timezone":"Europe/Paris","measuregrps":[{"grpid":12,"attrib":0,"date":1530601200,"created":1530601300,"modified":1530601300,"category":1,"deviceid":"892359876fd8805ac45bab078c4828692f0276b1","measures":[{"value":7200,"type":1,"unit":-2}]}],"more":0,"offset":0}}"""));
        var stdout = new LineWriter();
        var stderr = new LineWriter();
        using var stop = new CancellationTokenSource();
        Environment.SetEnvironmentVariable("WITHINGS_ACCESS_TOKEN", "token-for-serve-fetch");
        Environment.SetEnvironmentVariable("Withings__ApiBaseAddress", api.BaseAddress.AbsoluteUri);
        try
        {
            var run = ServeCommand.RunAsync(new CommandArgs(["--urls", "http://127.0.0.1:0", "--secret", "s3cr3t-for-test", "--store", "memory", "--fetch"]), new JsonLines(stdout), stderr, stop.Token);
            var banner = await stderr.NextLineAsync().WaitAsync(Wait);
            using var client = new HttpClient { Timeout = Wait };
            using var posted = await client.PostAsync(CallbackUrl().Match(banner).Value + "?secret=s3cr3t-for-test", Form("foo=bar&userid=12345&appli=1&startdate=1530576000&enddate=1530698753"));
            var lines = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                lines.Add(await stdout.NextLineAsync().WaitAsync(Wait));
            }

            await stop.CancelAsync();
            (await run.WaitAsync(Wait)).Should().Be(0);
            posted.StatusCode.Should().Be(HttpStatusCode.OK);
            lines.Should().Equal(
                """{"handled":true,"appli":1,"userid":12345,"requests":1}""",
                """{"data":true,"userid":12345,"service":"/measure","action":"getmeas","rows":1}""",
                """{"synced":true,"notifications":1,"requests":1}""");
            api.Requests.Should().ContainSingle().Which.BearerToken.Should().Be("token-for-serve-fetch");
            string.Concat(stdout.Lines).Should().NotContain("token-for-serve-fetch");
        }
        finally
        {
            Environment.SetEnvironmentVariable("WITHINGS_ACCESS_TOKEN", null);
            Environment.SetEnvironmentVariable("Withings__ApiBaseAddress", null);
        }
    }

    [Test]
    public async Task Serve_ActivityDateAgainAfterItWasHandled_HandledAgain_WindowedRetryStillPrintsNothing()
    {
        var stdout = new LineWriter();
        var stderr = new LineWriter();
        using var stop = new CancellationTokenSource();
        var run = ServeCommand.RunAsync(new CommandArgs(["--urls", "http://127.0.0.1:0", "--secret", "s3cr3t-for-test", "--store", "memory"]), new JsonLines(stdout), stderr, stop.Token);
        var banner = await stderr.NextLineAsync().WaitAsync(Wait);
        var url = CallbackUrl().Match(banner).Value + "?secret=s3cr3t-for-test";
        using var client = new HttpClient { Timeout = Wait };

        // The watch synced twice on 2 March: the second body is the first's, and new steps to fetch.
        (await client.PostAsync(url, Form("userid=12345&appli=16&date=2024-03-02"))).Dispose();
        var first = await stdout.NextLineAsync().WaitAsync(Wait);
        (await client.PostAsync(url, Form("userid=12345&appli=16&date=2024-03-02"))).Dispose();
        var second = await stdout.NextLineAsync().WaitAsync(Wait);

        // A windowed body again is Withings' retry: nothing, and the next line is the dead letter's.
        (await client.PostAsync(url, Form("userid=12345&appli=1&startdate=1530576000&enddate=1530698753"))).Dispose();
        var weight = await stdout.NextLineAsync().WaitAsync(Wait);
        (await client.PostAsync(url, Form("userid=12345&appli=1&startdate=1530576000&enddate=1530698753"))).Dispose();
        (await client.PostAsync(url, Form("hello=world"))).Dispose();
        var deadLetter = await stdout.NextLineAsync().WaitAsync(Wait);
        await stop.CancelAsync();
        (await run.WaitAsync(Wait)).Should().Be(0);

        first.Should().Be("""{"handled":true,"appli":16,"userid":12345,"requests":3}""");
        second.Should().Be(first);
        weight.Should().Be("""{"handled":true,"appli":1,"userid":12345,"requests":1}""");
        deadLetter.Should().Be("""{"deadletter":true,"error":"appli: missing"}""");
        stdout.Lines.Should().HaveCount(4);
    }

    [Test]
    public async Task Serve_Fetch_GlucoseWithoutAWindowPostedThreeTimesAfterHandling_FetchedThreeTimes()
    {
        await using var api = await WithingsLookAlike.StartAsync();
        api.Map("/measure", "getmeas", _ => WithingsReply.Json("""{"status":0,"body":{"updatetime":1709400000,"timezone":"Europe/Paris","measuregrps":[],"more":0,"offset":0}}"""));
        var stdout = new LineWriter();
        var stderr = new LineWriter();
        using var stop = new CancellationTokenSource();
        Environment.SetEnvironmentVariable("WITHINGS_ACCESS_TOKEN", "token-for-serve-fetch");
        Environment.SetEnvironmentVariable("Withings__ApiBaseAddress", api.BaseAddress.AbsoluteUri);
        try
        {
            var run = ServeCommand.RunAsync(new CommandArgs(["--urls", "http://127.0.0.1:0", "--secret", "s3cr3t-for-test", "--store", "memory", "--fetch"]), new JsonLines(stdout), stderr, stop.Token);
            var banner = await stderr.NextLineAsync().WaitAsync(Wait);
            var url = CallbackUrl().Match(banner).Value + "?secret=s3cr3t-for-test";
            using var client = new HttpClient { Timeout = Wait };
            var lines = new List<string>();
            for (var post = 0; post < 3; post++)
            {
                (await client.PostAsync(url, Form("userid=5&appli=58"))).Dispose();
                for (var i = 0; i < 3; i++)
                {
                    lines.Add(await stdout.NextLineAsync().WaitAsync(Wait));
                }
            }

            await stop.CancelAsync();
            (await run.WaitAsync(Wait)).Should().Be(0);
            lines.Should().Equal(Enumerable.Repeat(new[]
            {
                """{"handled":true,"appli":58,"userid":5,"requests":1}""",
                """{"data":true,"userid":5,"service":"/measure","action":"getmeas","rows":0}""",
                """{"synced":true,"notifications":1,"requests":1}""",
            }, 3).SelectMany(l => l));
            api.Requests.Should().HaveCount(3).And.OnlyContain(r => r.Action == "getmeas" && r.Form.ContainsKey("lastupdate"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("WITHINGS_ACCESS_TOKEN", null);
            Environment.SetEnvironmentVariable("Withings__ApiBaseAddress", null);
        }
    }

    [Test]
    public async Task Serve_Fetch_FivePagesWithACapOfTwo_HandledOnceWithEveryRowAfterTwoMoreTurns()
    {
        await using var api = await WithingsLookAlike.StartAsync();
        api.Map("/measure", "getmeas", call =>
        {
            var page = call.Field("offset") is { } offset ? int.Parse(offset, System.Globalization.CultureInfo.InvariantCulture) : 0;
            return WithingsReply.Json(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $$$"""{"status":0,"body":{"updatetime":1709344000,"timezone":"Europe/Paris","measuregrps":[{"grpid":{{{100 + page}}},"attrib":0,"date":{{{1709251200 + page}}},"created":{{{1709340000 + page}}},"modified":{{{1709340000 + page}}},"category":1,"deviceid":"892359876fd8805ac45bab078c4828692f0276b1","modelid":13,"measures":[{"value":1020,"type":1,"unit":-1}]}],"more":{{{(page < 4 ? 1 : 0)}}},"offset":{{{page + 1}}}}}"""));
        });
        var stdout = new LineWriter();
        var stderr = new LineWriter();
        using var stop = new CancellationTokenSource();
        Environment.SetEnvironmentVariable("WITHINGS_ACCESS_TOKEN", "token-for-serve-fetch");
        Environment.SetEnvironmentVariable("Withings__ApiBaseAddress", api.BaseAddress.AbsoluteUri);
        Environment.SetEnvironmentVariable("Withings__Fetch__MaxPages", "2");
        try
        {
            var run = ServeCommand.RunAsync(new CommandArgs(["--urls", "http://127.0.0.1:0", "--secret", "s3cr3t-for-test", "--store", "memory", "--fetch"]), new JsonLines(stdout), stderr, stop.Token);
            var banner = await stderr.NextLineAsync().WaitAsync(Wait);
            using var client = new HttpClient { Timeout = Wait };
            (await client.PostAsync(CallbackUrl().Match(banner).Value + "?secret=s3cr3t-for-test", Form("userid=5&appli=58"))).Dispose();
            var lines = new List<string>();
            for (var i = 0; i < 5; i++)
            {
                lines.Add(await stdout.NextLineAsync().WaitAsync(Wait));
            }

            await stop.CancelAsync();
            (await run.WaitAsync(Wait)).Should().Be(0);
            lines.Should().Equal(
                """{"synced":true,"notifications":1,"requests":1}""",
                """{"synced":true,"notifications":0,"requests":1}""",
                """{"handled":true,"appli":58,"userid":5,"requests":1}""",
                """{"data":true,"userid":5,"service":"/measure","action":"getmeas","rows":5}""",
                """{"synced":true,"notifications":0,"requests":1}""");
            api.Requests.Select(r => r.Field("offset")).Should().Equal(null, "1", "2", "3", "4");
        }
        finally
        {
            Environment.SetEnvironmentVariable("WITHINGS_ACCESS_TOKEN", null);
            Environment.SetEnvironmentVariable("Withings__ApiBaseAddress", null);
            Environment.SetEnvironmentVariable("Withings__Fetch__MaxPages", null);
        }
    }

    [Test]
    public async Task Serve_PathWithoutLeadingSlash_UsageError()
    {
        using var input = new StringReader(string.Empty);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await SampleApp.RunAsync(["serve", "--path", "withings"], input, output, error);

        exitCode.Should().Be(2);
        output.ToString().Should().Be("""{"ok":false,"error":"--path: 'withings' must start with '/'"}""" + Environment.NewLine);
    }

    private static StringContent Form(string body) => new(body, Encoding.UTF8, "application/x-www-form-urlencoded");

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/withings/notify")]
    private static partial Regex CallbackUrl();

    /// <summary>A writer that hands over each completed line.</summary>
    private sealed class LineWriter : TextWriter
    {
        private readonly StringBuilder _line = new();
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
        private readonly List<string> _all = [];

        public override Encoding Encoding => Encoding.UTF8;

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_all)
                {
                    return [.. _all];
                }
            }
        }

        public override void Write(char value)
        {
            lock (_all)
            {
                if (value == '\n')
                {
                    var line = _line.ToString().TrimEnd('\r');
                    _line.Clear();
                    _all.Add(line);
                    _lines.Writer.TryWrite(line);
                }
                else
                {
                    _line.Append(value);
                }
            }
        }

        public async Task<string> NextLineAsync() => await _lines.Reader.ReadAsync();
    }
}
