using System.Diagnostics;
using System.Text;

namespace Withings.Sdk.Docs.Tests;

/// <summary>The result of one <c>dotnet</c> command: its exit code and what it printed.</summary>
public sealed record DotnetResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Both streams, for a failure message.</summary>
    public string Output => StandardOutput + StandardError;
}

/// <summary>
/// Runs the <c>dotnet</c> command line in a child process, as a user would in a terminal. The child's output is
/// captured, never echoed: a test shows it only in the message of its failure.
/// </summary>
public static class Dotnet
{
    private static readonly string Executable = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    /// <summary>Runs <c>dotnet arguments…</c> in <paramref name="workingDirectory"/>; kills it after <paramref name="timeout"/>.</summary>
    public static async Task<DotnetResult> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var info = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The test host runs inside `dotnet test`, whose MSBuild variables would make the child build part of it.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1"; // no build server left behind by a test

        using var process = new Process { StartInfo = info };
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Append(error, $"(killed after {timeout.TotalSeconds:0} s)");
            return new DotnetResult(-1, Text(output), Text(error));
        }

        process.WaitForExit(); // drains the asynchronous readers
        return new DotnetResult(process.ExitCode, Text(output), Text(error));
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.Append(line).Append('\n');
        }
    }

    private static string Text(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }
}
