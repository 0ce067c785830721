using System.Diagnostics;

namespace Withings.Sdk.Tests.Architecture;

/// <summary>
/// The folders of the core library depend on each other without a cycle (issue 12): <c>eng/folder-graph.py</c>
/// lists which folder uses types of which, and fails on a cycle.
/// </summary>
public sealed class FolderGraphTests
{
    [Test]
    public void FolderGraph_CoreLibrary_HasNoCycle()
    {
        var root = RepositoryRoot();
        var start = new ProcessStartInfo("python3")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine("eng", "folder-graph.py"));
        start.ArgumentList.Add(Path.Combine("src", "Withings.Sdk"));
        start.ArgumentList.Add("--check");

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit(120_000).Should().BeTrue("the script reads a few hundred small files");

        output.Result.Should().Contain("Parsing -> ").And.Contain("no cycle", "the graph printed was:\n{0}{1}", output.Result, errors.Result);
        process.ExitCode.Should().Be(0);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Withings.Sdk.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Withings.Sdk.sln not found above the test directory.");
    }
}
