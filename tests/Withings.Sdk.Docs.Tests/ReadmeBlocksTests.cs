namespace Withings.Sdk.Docs.Tests;

/// <summary>
/// Every <c>csharp</c> block of README.md compiles as pasted into a new project outside the repository that references
/// the packed packages (see <see cref="DocBlocks"/> for what a block's first lines say), and every console block runs
/// offline and prints the <c>text</c> block that follows it. This is what a new user does with the README; nothing
/// wraps the blocks, so a missing <c>using</c> or an undefined variable fails here.
/// </summary>
[NonParallelizable]
public sealed class ReadmeBlocksTests
{
    private static readonly string Root = FindRoot();
    private static PackedFeed? _feed;

    public static IEnumerable<TestCaseData> Blocks() =>
        DocBlocks.Read("README.md", File.ReadAllText(Path.Combine(Root, "README.md")))
            .Select(block => new TestCaseData(block).SetArgDisplayNames(block.Name));

    [OneTimeSetUp]
    public static async Task PackAsync() => _feed = await PackedFeed.PackAsync(Root);

    [OneTimeTearDown]
    public static void RemoveFeed() => _feed?.Dispose();

    [Test]
    public void Readme_HasTheSetUpCommandsAndAQuickStartThatRuns()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var blocks = DocBlocks.Read("README.md", readme);

        readme.Should().Contain("dotnet run --project samples/Withings.Sdk.Sample\n").And.Contain("bash eng/test.sh\n");
        blocks.Should().Contain(b => b.Name.StartsWith("README.md › Quick start", StringComparison.Ordinal) && b.Kind == DocBlockKind.Console && b.ExpectedOutput != null,
            "the Quick start is a console program whose output the README shows");
    }

    [TestCaseSource(nameof(Blocks))]
    public async Task ReadmeBlock_BuildsAsPasted_AndRunsOffline(DocBlock block)
    {
        var feed = _feed ?? throw new InvalidOperationException("The feed was not packed.");
        var project = WriteProject(feed, block);

        var build = await Dotnet.RunAsync(project, TimeSpan.FromMinutes(10), "build", "-c", "Debug");
        build.ExitCode.Should().Be(0, "the block builds as pasted into {0}; dotnet build said:\n{1}", project, build.Output);

        if (block.Kind != DocBlockKind.Console)
        {
            return;
        }

        // Offline: the Quick start promises no network; a block that reached for it would fail or hang here.
        var run = await Dotnet.RunAsync(project, TimeSpan.FromMinutes(2), "run", "--no-build", "-c", "Debug");
        run.ExitCode.Should().Be(0, "the program runs to its end; it printed:\n{0}", run.Output);
        if (block.ExpectedOutput is { } expected)
        {
            run.StandardOutput.Should().Be(expected, "the README shows what the program prints");
        }
    }

    // A new project as `dotnet new console` (or `web`, or `classlib`) makes it, plus the packages the block names,
    // in a folder of its own under the feed's, outside the repository: nothing of the repository's build applies.
    private static string WriteProject(PackedFeed feed, DocBlock block)
    {
        var directory = Path.Combine(feed.Work, "blocks", string.Concat(block.Name.Select(c => char.IsLetterOrDigit(c) ? c : '-')));
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(feed.Work, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(feed.Work, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(feed.Work, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(feed.Work, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed.Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);

        var sdk = block.Kind == DocBlockKind.Web ? "Microsoft.NET.Sdk.Web" : "Microsoft.NET.Sdk";
        var outputType = block.Kind == DocBlockKind.ClassFile ? string.Empty : "    <OutputType>Exe</OutputType>\n";
        var references = string.Concat(new[] { "Withings.Sdk" }.Concat(block.Packages).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(id => $"    <PackageReference Include=\"{id}\" Version=\"{feed.VersionOf(id)}\" />\n"));
        File.WriteAllText(Path.Combine(directory, "Block.csproj"), $"""
            <Project Sdk="{sdk}">
              <PropertyGroup>
            {outputType}    <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <NuGetAudit>false</NuGetAudit>
              </PropertyGroup>
              <ItemGroup>
            {references}  </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, block.FileName), block.Code);
        return directory;
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Withings.Sdk.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Withings.Sdk.sln not found above the test directory.");
    }
}
