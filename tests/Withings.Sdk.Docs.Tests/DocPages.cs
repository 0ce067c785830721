using Withings.Sdk.TestSupport;

namespace Withings.Sdk.Docs.Tests;

/// <summary>The documentation pages whose <c>csharp</c> blocks a user pastes: README.md and every page of docs/.</summary>
public static class DocPages
{
    /// <summary>The repository: the folder holding Withings.Sdk.sln, above the test's output.</summary>
    public static string Root => Repository.Root;

    /// <summary>Each page's path from the repository root, README.md first, then docs/*.md in name order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "README.md",
        .. Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Order(StringComparer.Ordinal).Select(p => "docs/" + Path.GetFileName(p)),
    ];

    /// <summary>Every <c>csharp</c> block of every page, in page order.</summary>
    public static IReadOnlyList<DocBlock> Blocks() =>
        [.. All.SelectMany(page => DocBlocks.Read(page, File.ReadAllText(Path.Combine(Root, page))))];
}
