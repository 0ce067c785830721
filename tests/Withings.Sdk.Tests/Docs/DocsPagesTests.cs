using System.Text.RegularExpressions;

namespace Withings.Sdk.Tests.Docs;

/// <summary>
/// Every C# block of the docs pages compiles: it must appear, line for line, in a source file under tests/
/// (DocsSnippets and friends), which CI builds with warnings as errors. The pages' blocks are fragments of a larger
/// program (a registration, a handler); README.md's blocks are whole programs, built from the packed packages by
/// Withings.Sdk.Docs.Tests.
/// </summary>
public sealed partial class DocsPagesTests
{
    private static readonly string Root = FindRoot();

    private static readonly string[] Pages = ["parsing.md", "planning.md", "subscriptions.md", "running-plans.md", "receiver.md", "benchmarks.md", "sync.md"];

    public static IEnumerable<TestCaseData> Blocks()
    {
        foreach (var doc in Pages.Select(page => Path.Combine("docs", page)))
        {
            var text = File.ReadAllText(Path.Combine(Root, doc));
            var index = 0;
            foreach (Match match in CSharpBlock().Matches(text))
            {
                index++;
                yield return new TestCaseData(match.Groups[1].Value).SetArgDisplayNames($"{doc} #{index}");
            }
        }
    }

    [Test]
    public void DocsPages_HaveTheirBlocks()
    {
        Blocks().Should().HaveCountGreaterThan(8);
    }

    [Test]
    [NonParallelizable]
    public void OfflineSnippets_Run_PrintWhatThePagesSay()
    {
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            DocsSnippets.Switch(new NotificationParser().Parse("userid=12345&appli=46&action=unlink"));
            DocsSnippets.Planning();
            DocsSnippets.Benchmarks();
        }
        finally
        {
            Console.SetOut(original);
        }

        // The pages promise these: the unlink case, a Paris activity day, and two weight windows coalesced into one.
        output.ToString().Should().Contain("user 12345 unlinked the app")
            .And.Contain("action=getactivity&startdateymd=2024-10-27")
            .And.Contain("WeightNotification: 1 request(s)")
            .And.Contain("batch: 1 request(s)");
    }

    [TestCaseSource(nameof(Blocks))]
    public void DocsCSharpBlock_IsCompiledInTheTests(string block)
    {
        var sources = string.Join(
            "\n",
            Directory.EnumerateFiles(Path.Combine(Root, "tests"), "*.cs", SearchOption.AllDirectories)
                .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !p.EndsWith(nameof(DocsPagesTests) + ".cs", StringComparison.Ordinal))
                .Select(p => Normalize(File.ReadAllText(p))));

        var normalized = Normalize(block);
        var firstMissingLine = normalized.Split('\n').FirstOrDefault(line => !sources.Contains(line, StringComparison.Ordinal));

        sources.Contains(normalized, StringComparison.Ordinal).Should().BeTrue(
            "every docs code block must be kept, line for line, in a compiled test source (first line not found: {0})",
            firstMissingLine ?? "none: the lines exist but not in this order");
    }

    // Indentation, blank lines, lone braces, pragmas, lines marked test-only and namespace imports differ between a top-level block and a method body.
    private static string Normalize(string code) => string.Join(
        "\n",
        code.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && l != "{" && l != "}" && !l.StartsWith("#pragma", StringComparison.Ordinal) && !l.Contains("// test-only", StringComparison.Ordinal) && !ImportDirective().IsMatch(l)));

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Withings.Sdk.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Withings.Sdk.sln not found above the test directory.");
    }

    [GeneratedRegex("```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"^using [A-Za-z.]+;$")]
    private static partial Regex ImportDirective();
}
