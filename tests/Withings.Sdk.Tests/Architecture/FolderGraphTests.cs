using System.ComponentModel;
using Withings.Sdk.TestSupport;

namespace Withings.Sdk.Tests.Architecture;

/// <summary>
/// The folders of each package depend on each other without a cycle (issues 12 and 23): <c>eng/folder-graph.py</c>
/// lists which folder uses types of which, and with <c>--check</c> fails on a cycle. Run here on every package, so
/// that a cycle fails the build's tests with the cycle and the types that make it printed.
/// </summary>
public sealed class FolderGraphTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(2);

    [TestCase("Withings.Sdk")]
    [TestCase("Withings.Sdk.AspNetCore")]
    [TestCase("Withings.Sdk.Redis")]
    [TestCase("Withings.Sdk.Testing")]
    public async Task FolderGraph_Package_HasNoCycle(string package)
    {
        var result = await FolderGraphAsync(Path.Combine("src", package));
        var graph = $"eng/folder-graph.py src/{package} --check printed:\n{result.Output}";

        // The script read the package: each of its folders that holds code is a node of the graph it printed.
        var nodes = result.StandardOutput.Split('\n')
            .Where(l => l.Contains(" -> ", StringComparison.Ordinal) && !l.StartsWith(' '))
            .Select(l => l[..l.IndexOf(" -> ", StringComparison.Ordinal)].Split('/')[0])
            .ToHashSet(StringComparer.Ordinal);
        nodes.Should().BeEquivalentTo(CodeFolders(package), graph);

        // On a cycle the script exits with 1 after printing it with the types that make it: the message shows them.
        result.ExitCode.Should().Be(0, graph);
        result.StandardOutput.Should().EndWith("no cycle\n");
    }

    [Test]
    public async Task FolderGraph_TwoFoldersUsingEachOther_FailsNamingTheCycle()
    {
        // A package of two folders whose types use each other, beside one folder outside the cycle: the check the
        // test above relies on fails, and prints the cycle with the types that make it.
        var package = TestTemp.NewDirectory("folder-graph-");
        Write(package, "Left/Left.cs", "namespace P; internal sealed class Left { public Right? Other { get; set; } }");
        Write(package, "Right/Right.cs", "namespace P; internal sealed class Right { public Left? Other { get; set; } }");
        Write(package, "Apart/Apart.cs", "namespace P; // Left and Right, named in a comment only.\ninternal sealed class Apart { public string Name { get; } = \"Left\"; }");

        var result = await FolderGraphAsync(package);

        result.ExitCode.Should().Be(1, result.Output);
        result.StandardOutput.Should().Contain("cycle: Left <-> Right")
            .And.Contain("Left -> Right: Right")
            .And.Contain("Right -> Left: Left")
            .And.Contain("Apart -> (nothing)", "names in comments and strings are not uses")
            .And.NotContain("no cycle");
    }

    private static async Task<ChildProcessResult> FolderGraphAsync(string package)
    {
        try
        {
            return await ChildProcess.RunAsync(
                [Path.Combine("eng", "folder-graph.py"), package, "--check"],
                Wait,
                workingDirectory: Repository.Root,
                fileName: "python3");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("python3 is not on the PATH: run `bash eng/test.sh` (it installs it), or `apt-get install -y python3`.", e);
        }
    }

    // The package's top folders that hold C# files (build output aside): the nodes the graph must show.
    private static IEnumerable<string> CodeFolders(string package)
    {
        var root = Repository.PathOf("src", package);
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar))
            .Where(parts => parts[0] is not ("bin" or "obj"))
            .Select(parts => parts.Length == 1 ? "(root)" : parts[0])
            .Distinct(StringComparer.Ordinal);
    }

    private static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
