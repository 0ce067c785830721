namespace Withings.Sdk.Docs.Tests;

/// <summary>
/// Every <c>csharp</c> block of README.md and of docs/*.md compiles as pasted into a new project outside the repository
/// that references the packed packages (see <see cref="DocBlocks"/> for what a block's first lines say), and every
/// console block followed by a <c>text</c> block runs offline and prints it. This is what a new user does with the
/// documentation; nothing wraps the blocks, so a missing <c>using</c> or an undefined variable fails here.
/// </summary>
[NonParallelizable]
public sealed class DocBlocksTests
{
    private static PackedFeed? _feed;
    private static BlockBuild? _build;

    public static IEnumerable<TestCaseData> Blocks() =>
        DocPages.Blocks().Select(block => new TestCaseData(block).SetArgDisplayNames(block.Name));

    /// <summary>Packs the packages, then builds every block of every page in one go.</summary>
    [OneTimeSetUp]
    public static async Task PackAndBuildAsync()
    {
        _feed = await PackedFeed.PackAsync(DocPages.Root);
        _build = await BlockBuild.RunAsync(_feed, DocPages.Blocks());
    }

    [OneTimeTearDown]
    public static void RemoveFeed() => _feed?.Dispose();

    [Test]
    public void Readme_HasTheSetUpCommandsAndAQuickStartThatRuns()
    {
        var readme = File.ReadAllText(Path.Combine(DocPages.Root, "README.md"));
        var blocks = DocBlocks.Read("README.md", readme);

        readme.Should().Contain("dotnet run --project samples/Withings.Sdk.Sample\n").And.Contain("bash eng/test.sh\n");
        blocks.Should().Contain(b => b.Name.StartsWith("README.md › Quick start", StringComparison.Ordinal) && b.Kind == DocBlockKind.Console && b.ExpectedOutput != null,
            "the Quick start is a console program whose output the README shows");
    }

    [Test]
    public void Readme_FirstScreen_SaysWhatItIsTheTwoCommandsAndWhereToGoNext()
    {
        // A terminal's first screen: what a newcomer reads before scrolling.
        var firstScreen = string.Join('\n', File.ReadAllLines(Path.Combine(DocPages.Root, "README.md")).Take(40));

        firstScreen.Should().Contain("Withings")
            .And.Contain("dotnet run --project samples/Withings.Sdk.Sample\n")
            .And.Contain("bash eng/test.sh\n")
            .And.Contain("docs/going-live.md");
    }

    [Test]
    public void DocPages_EveryPageIsRead_ReadmeAndDocs()
    {
        DocPages.All.Should().Contain("README.md").And.Contain("docs/going-live.md").And.Contain("docs/running-plans.md");
        DocPages.Blocks().Select(b => b.Name[..b.Name.IndexOf(' ', StringComparison.Ordinal)]).Distinct()
            .Should().Contain(["README.md", "docs/subscriptions.md", "docs/running-plans.md", "docs/testing.md"]);
    }

    [TestCaseSource(nameof(Blocks))]
    public async Task DocBlock_BuildsAsPasted_AndPrintsWhatThePageShows(DocBlock block)
    {
        var build = _build ?? throw new InvalidOperationException("The blocks were not built.");

        build.ErrorsOf(block).Should().BeEmpty("the block builds as pasted into {0}", build.DirectoryOf(block));

        if (block.Kind != DocBlockKind.Console || block.ExpectedOutput is not { } expected)
        {
            return;
        }

        // Offline: a block with its output shown promises no network; one that reached for it would fail or hang here.
        var run = await Dotnet.RunAsync(build.DirectoryOf(block), TimeSpan.FromMinutes(2), "run", "--no-build", "-c", "Debug");
        run.ExitCode.Should().Be(0, "the program runs to its end; it printed:\n{0}", run.Output);
        run.StandardOutput.Should().Be(expected, "the page shows what the program prints");
    }
}
