using Withings.Sdk.TestSupport;

namespace Withings.Sdk.Tests.Architecture;

/// <summary>
/// Nothing in the repository sends a reader to a document outside it (issue 23): the facts the code relies on are
/// restated in docs/ (docs/withings-api.md, docs/planning.md), and every path to a Markdown or YAML file that a comment
/// or a page names exists.
/// </summary>
public sealed class CitationTests
{
    // The source, tests, samples, documentation and scripts of the repository, and its two top-level pages.
    private static readonly string[] Scanned = ["src", "tests", "samples", "docs", "eng", ".ci", "README.md", "CHANGELOG.md"];

    // The sprint notes' names, split so that this file does not cite them itself.
    private static readonly string Reference = "REFER" + "ENCE";
    private static readonly string Planning = "PLAN" + "NING";
    private static readonly string SiblingFolder = "." + "./shared";
    private static readonly string Missing = "missing" + ".md";

    [Test]
    public void Repository_CitesNoDocumentOutsideIt()
    {
        var found = CitationScanner.Scan(Repository.Root, Scanned);

        found.Should().BeEmpty(
            "a reader has only the repository: restate the fact (docs/withings-api.md, docs/planning.md) or link a public page; found:\n{0}",
            string.Join('\n', found));
    }

    [Test]
    public void Scan_Tree_FindsOutsideNotesAndMissingPaths_NotCodeUrlsOrPathsThatExist()
    {
        var root = TestTemp.NewDirectory("citations-");
        Write(root, "docs/withings-api.md", "# Facts\n");
        Write(root, "src/Package/README.md", "The package.\n");
        Write(root, "src/Package/Retry.cs", $$"""
            namespace P;

            // Withings retries a failed notification ({{Reference}} §1).
            // See docs/withings-api.md §1 and README.md, or https://example.com/guide/notes.md.
            internal static class Retry
            {
                // A planning note: {{Planning}}.md section 3.
                public const string Page = "nowhere/notes.md";

                /* and docs/{{Missing}} */
            }
            """);
        Write(root, "docs/page.md", $"See [the facts](withings-api.md), [gone](gone.md) and [shared](../.{SiblingFolder}/x.md).\n");
        Write(root, "eng/tool.sh", "# reads docs/absent.yml\necho docs/skipped.yml\n");
        Write(root, "src/Package/bin/Old.cs", $"// {Reference}.md, build output: not read\n");

        var found = CitationScanner.Scan(root, ["src", "docs", "eng"]).Select(c => c.ToString());

        found.Should().BeEquivalentTo(
            $"src/Package/Retry.cs:3: {Reference} §",
            $"src/Package/Retry.cs:7: {Planning}.md",
            $"src/Package/Retry.cs:7: {Planning}.md (no such file in the repository)",
            $"src/Package/Retry.cs:10: docs/{Missing} (no such file in the repository)",
            "docs/page.md:1: gone.md (no such file in the repository)",
            $"docs/page.md:1: {SiblingFolder}",
            $"docs/page.md:1: ../.{SiblingFolder}/x.md (no such file in the repository)",
            "eng/tool.sh:1: docs/absent.yml (no such file in the repository)");
    }

    private static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
