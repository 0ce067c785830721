using Withings.Sdk.TestSupport;

namespace Withings.Sdk.Docs.Tests;

/// <summary>The result of one <c>dotnet</c> command: its exit code and what it printed.</summary>
public sealed record DotnetResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Both streams, for a failure message.</summary>
    public string Output => StandardOutput + StandardError;
}

/// <summary>
/// Runs the <c>dotnet</c> command line in a child process (<see cref="ChildProcess"/>), as a user would in a terminal.
/// The child's output is captured, never echoed: a test shows it only in the message of its failure.
/// </summary>
public static class Dotnet
{
    /// <summary>Runs <c>dotnet arguments…</c> in <paramref name="workingDirectory"/>; kills it after <paramref name="timeout"/>.</summary>
    public static async Task<DotnetResult> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            ["MSBUILDDISABLENODEREUSE"] = "1", // no build server left behind by a test
        };

        // The test host runs inside `dotnet test`, whose MSBuild variables would make the child build part of it.
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => (k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) && !environment.ContainsKey(k)) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)))
        {
            environment[name] = null;
        }

        var result = await ChildProcess.RunAsync(arguments, timeout, workingDirectory, environment);
        return new DotnetResult(result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
