namespace Withings.Sdk.Sample.Tests;

/// <summary><c>--help</c> (issue 5): every command with an example, readable in an 80-column terminal.</summary>
public sealed class HelpTests
{
    private static async Task<(int ExitCode, string[] Lines)> HelpAsync()
    {
        using var input = new StringReader(string.Empty);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await SampleApp.RunAsync(["--help"], input, output, error);
        return (exitCode, output.ToString().Split(Environment.NewLine));
    }

    [Test]
    public async Task Help_EveryCommand_HasItsSynopsisFollowedByAnExample()
    {
        var (exitCode, lines) = await HelpAsync();

        exitCode.Should().Be(0);
        foreach (var command in new[] { "(no command)", "parse ", "plan ", "fetch ", "subscribe ", "get ", "list ", "revoke ", "update ", "serve ", "token refresh " })
        {
            var synopsis = Array.FindIndex(lines, l => l.StartsWith("  " + command, StringComparison.Ordinal));
            synopsis.Should().BePositive($"'{command}' is a command");
            lines.Skip(synopsis + 1).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal))
                .Should().Contain(l => l.StartsWith("      e.g. ", StringComparison.Ordinal), $"'{command}' needs an example");
        }
    }

    [Test]
    public async Task Help_EveryLine_FitsAnEightyColumnTerminal()
    {
        var (_, lines) = await HelpAsync();

        lines.Where(l => l.Length > 80).Should().BeEmpty();
    }
}
