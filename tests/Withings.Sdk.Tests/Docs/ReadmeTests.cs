using System.Text.RegularExpressions;

namespace Withings.Sdk.Tests.Docs;

/// <summary>
/// Every C# block of the README (and of docs/receiver.md) compiles: it must appear, line for line, in a source file
/// under tests/ (ReadmeSnippets and friends), which CI builds with warnings as errors.
/// </summary>
public sealed partial class ReadmeTests
{
    private static readonly string Root = FindRoot();

    public static IEnumerable<TestCaseData> Blocks()
    {
        foreach (var doc in new[] { "README.md", Path.Combine("docs", "receiver.md") })
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
    public void Readme_HasTheTwoSetUpCommands()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));

        readme.Should().Contain("dotnet run --project samples/Withings.Sdk.Sample\n").And.Contain("bash eng/test.sh\n");
        Blocks().Should().HaveCountGreaterThan(6);
    }

    [Test]
    [NonParallelizable]
    public void ReadmeOfflineSnippets_Run_PrintWhatTheReadmeSays()
    {
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            ReadmeSnippets.Switch(new NotificationParser().Parse("userid=12345&appli=46&action=unlink"));
            ReadmeSnippets.Planning();
            ReadmeSnippets.Benchmarks();
        }
        finally
        {
            Console.SetOut(original);
        }

        // The README promises these: the unlink case, a Paris activity day, and two weight windows coalesced into one.
        output.ToString().Should().Contain("user 12345 unlinked the app")
            .And.Contain("action=getactivity&startdateymd=2024-10-27")
            .And.Contain("WeightNotification: 1 request(s)")
            .And.Contain("batch: 1 request(s)");
    }

    [TestCaseSource(nameof(Blocks))]
    public void ReadmeCSharpBlock_IsCompiledInTheTests(string block)
    {
        var sources = string.Join(
            "\n",
            Directory.EnumerateFiles(Path.Combine(Root, "tests"), "*.cs", SearchOption.AllDirectories)
                .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !p.EndsWith(nameof(ReadmeTests) + ".cs", StringComparison.Ordinal))
                .Select(p => Normalize(File.ReadAllText(p))));

        var normalized = Normalize(block);
        var firstMissingLine = normalized.Split('\n').FirstOrDefault(line => !sources.Contains(line, StringComparison.Ordinal));

        sources.Contains(normalized, StringComparison.Ordinal).Should().BeTrue(
            "every README code block must be kept, line for line, in a compiled test source (first line not found: {0})",
            firstMissingLine ?? "none: the lines exist but not in this order");
    }

    // Indentation, blank lines, lone braces, pragmas, lines marked test-only and namespace imports differ between a top-level README block and a method body.
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
