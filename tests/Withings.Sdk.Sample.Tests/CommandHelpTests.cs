using Withings.Sdk.Sample;

namespace Withings.Sdk.Sample.Tests;

/// <summary>
/// <c>COMMAND --help</c> and <c>COMMAND -h</c> (issue 12): every command of the sample's command line prints its own
/// usage, naming the options the command line contract gives it, exits 0 and does nothing else.
/// </summary>
public sealed class CommandHelpTests
{
    /// <summary>Each command as typed before the flag, and the options its usage must name.</summary>
    private static readonly (string[] Command, string[] Options)[] Commands =
    [
        (["demo"], []),
        (["parse"], ["BODY"]),
        (["plan"], ["BODY", "--now", "--since", "--tz", "--batch"]),
        (["fetch"], ["BODY", "--since", "--tz"]),
        (["backfill"], ["--userid", "--since"]),
        (["subscribe"], ["--appli", "--callback", "--comment"]),
        (["get"], ["--callback", "--appli"]),
        (["list"], ["--appli"]),
        (["revoke"], ["--callback", "--appli"]),
        (["update"], ["--callback", "--appli", "--new-callback", "--new-appli", "--comment"]),
        (["serve"], ["--urls", "--path", "--secret", "--allow-any-sender", "--store", "--handler-delay", "--fetch", "--redis"]),
        (["deadletters"], ["list", "replay", "purge", "--store", "--id"]),
        (["deadletters", "list"], ["list", "--store", "--id"]),
        (["deadletters", "replay"], ["replay", "--store", "--id"]),
        (["deadletters", "purge"], ["purge", "--store", "--id"]),
        (["subscriptions"], ["ensure", "--callback", "--appli", "--prune"]),
        (["subscriptions", "ensure"], ["--callback", "--appli", "--prune"]),
        (["token"], ["refresh", "--refresh-token", "--show", "revoke", "--userid"]),
        (["token", "refresh"], ["--refresh-token", "--show"]),
        (["token", "revoke"], ["--userid"]),
    ];

    private static IEnumerable<TestCaseData> Cases() =>
        from command in Commands
        from flag in new[] { "--help", "-h" }
        select new TestCaseData(command.Command, flag, command.Options)
            .SetArgDisplayNames(string.Join(' ', command.Command) + " " + flag);

    [TestCaseSource(nameof(Cases))]
    public async Task Help_PrintsThatCommandsUsageAndExits0(string[] command, string flag, string[] options)
    {
        var (exitCode, output, error) = await RunAsync([.. command, flag]);

        exitCode.Should().Be(0);
        error.Should().BeEmpty();
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        var name = command[0] == "demo" ? "(no command) | demo" : command[0];
        lines.Should().NotBeEmpty().And.NotContain(l => l.StartsWith('{'), "help is not a command's JSON output");

        // Synopses start in column 0, descriptions and wrapped options are indented: only this command's synopses.
        lines.Where(l => !l.StartsWith(' ')).Should().OnlyContain(l => l.StartsWith(name, StringComparison.Ordinal));
        lines[0].Should().StartWith(command.Length == 2 && command[0] == "token" ? string.Join(' ', command) : name);
        foreach (var option in options)
        {
            output.Should().Contain(option, $"'{string.Join(' ', command)}' takes {option}");
        }

        lines.Should().Contain(l => l.TrimStart().StartsWith("e.g. ", StringComparison.Ordinal), "a usage shows an example");
    }

    [Test]
    public async Task Help_OfTokenRevoke_LeavesRefreshOut()
    {
        var (_, output, _) = await RunAsync("token", "revoke", "--help");

        output.Should().Contain("--userid").And.NotContain("--refresh-token");
    }

    [TestCase("plan", "--tz", "Not/AZone", "--help")]
    [TestCase("subscribe", "--appli", "many", "--help")]
    [TestCase("deadletters", "--help", "--store", "memory")]
    [TestCase("parse", "a-body", "another-body", "-h")]
    public async Task Help_WithArgumentsTheCommandWouldRefuse_StillPrintsUsageOnly(params string[] args)
    {
        var (exitCode, output, error) = await RunAsync(args);

        exitCode.Should().Be(0);
        error.Should().BeEmpty();
        output.Should().StartWith(args[0] + " ").And.NotContain("\"ok\"");
    }

    [Test]
    public async Task DashH_AsAnOptionsValue_IsThatValueNotHelp()
    {
        var (exitCode, output, _) = await RunAsync("plan", "--tz", "-h", "userid=1&appli=1&startdate=1&enddate=2");

        exitCode.Should().Be(2);
        output.Should().Contain("--tz: '-h' is not a known IANA time zone");
    }

    [TestCase(new[] { "subscribe", "--appli", "44" }, "--callback URL is required (for example --callback https://example.com/withings/notify)")]
    [TestCase(new[] { "get", "--callback", "withings/notify" }, "--callback: not an absolute URL (for example https://example.com/withings/notify)")]
    [TestCase(new[] { "update", "--callback", "https://example.com/withings/notify", "--appli", "44", "--new-callback", "notify-v2" }, "--new-callback: not an absolute URL (for example https://example.com/withings/notify-v2)")]
    public async Task UsageError_OfAUrlOption_ShowsAnExampleForThatOption(string[] args, string error)
    {
        var (exitCode, output, _) = await RunAsync(args);

        exitCode.Should().Be(2);
        output.Should().Contain(error);
    }

    [Test]
    public async Task Help_OfAnUnknownCommand_IsStillAnUnknownCommand()
    {
        var (exitCode, output, _) = await RunAsync("frobnicate", "--help");

        exitCode.Should().Be(2);
        output.Should().Contain("unknown command 'frobnicate'");
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var input = new StringReader(string.Empty);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await SampleApp.RunAsync(args, input, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
