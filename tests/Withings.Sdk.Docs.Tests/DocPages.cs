namespace Withings.Sdk.Docs.Tests;

/// <summary>The documentation pages whose <c>csharp</c> blocks a user pastes: README.md and every page of docs/.</summary>
public static class DocPages
{
    /// <summary>The repository: the folder holding Withings.Sdk.sln, above the test's output.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Each page's path from the repository root, README.md first, then docs/*.md in name order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "README.md",
        .. Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Order(StringComparer.Ordinal).Select(p => "docs/" + Path.GetFileName(p)),
    ];

    /// <summary>Every <c>csharp</c> block of every page, in page order.</summary>
    public static IReadOnlyList<DocBlock> Blocks() =>
        [.. All.SelectMany(page => DocBlocks.Read(page, File.ReadAllText(Path.Combine(Root, page))))];

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Withings.Sdk.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Withings.Sdk.sln not found above the test directory.");
    }
}
