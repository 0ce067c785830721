using System.Text.RegularExpressions;

namespace Withings.Sdk.Docs.Tests;

/// <summary>
/// Reads the <c>csharp</c> blocks of a Markdown page. The convention every block follows, so that it is a whole file
/// a user can paste:
/// <list type="bullet">
/// <item>Its first line names the file: <c>// Program.cs</c> (a console program, which the tests run),
/// <c>// Program.cs (web)</c> (the Program.cs of an ASP.NET Core project, which they only build) or
/// <c>// Name.cs</c> (a class file, built in a class library).</item>
/// <item>Lines right after it of the form <c>// dotnet add package Id</c> name the packages the project needs besides
/// Withings.Sdk, which every project references.</item>
/// <item>A <c>text</c> block that follows a console block, with at most one paragraph between them, is what the program
/// prints.</item>
/// </list>
/// </summary>
public static partial class DocBlocks
{
    /// <summary>The blocks of <paramref name="markdown"/>, named after <paramref name="page"/> and their heading.</summary>
    public static IReadOnlyList<DocBlock> Read(string page, string markdown)
    {
        var blocks = new List<DocBlock>();
        var normalized = markdown.Replace("\r\n", "\n", StringComparison.Ordinal);
        foreach (Match match in CSharpBlock().Matches(normalized))
        {
            var code = match.Groups["code"].Value;
            var heading = Heading().Matches(normalized[..match.Index]).LastOrDefault()?.Groups["title"].Value ?? "(top)";
            var name = $"{page} › {heading} #{blocks.Count(b => b.Name.StartsWith($"{page} › {heading} #", StringComparison.Ordinal)) + 1}";
            var lines = code.Split('\n');
            var (kind, fileName) = KindOf(lines[0], name);
            var packages = lines.Skip(1).Select(l => AddPackage().Match(l)).TakeWhile(m => m.Success).Select(m => m.Groups["id"].Value).ToList();
            var following = FollowingText().Match(normalized[(match.Index + match.Length)..]);
            blocks.Add(new DocBlock(name, code, kind, fileName, packages, following.Success ? following.Groups["text"].Value : null));
        }

        return blocks;
    }

    private static (DocBlockKind Kind, string FileName) KindOf(string firstLine, string name)
    {
        var file = FileLine().Match(firstLine.TrimEnd());
        if (!file.Success)
        {
            throw new FormatException($"{name}: the first line of a csharp block names its file ('// Program.cs', '// Program.cs (web)' or '// Name.cs'); it is '{firstLine}'.");
        }

        var fileName = file.Groups["file"].Value;
        return file.Groups["web"].Success ? (DocBlockKind.Web, fileName)
            : fileName == "Program.cs" ? (DocBlockKind.Console, fileName)
            : (DocBlockKind.ClassFile, fileName);
    }

    [GeneratedRegex("^```csharp\n(?<code>.*?)^```$", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex("^#{1,6} (?<title>.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^// (?<file>[A-Za-z][A-Za-z0-9.]*\.cs)(?<web> \(web\))?$")]
    private static partial Regex FileLine();

    [GeneratedRegex(@"^// dotnet add package (?<id>[A-Za-z0-9.]+)\s*$")]
    private static partial Regex AddPackage();

    // Right after the block: blank lines, at most one paragraph that is not a heading or another block, then ```text.
    [GeneratedRegex("^\n*(?:(?:(?!```|#)[^\n]+\n)+\n*)?```text\n(?<text>.*?)^```$", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex FollowingText();
}
