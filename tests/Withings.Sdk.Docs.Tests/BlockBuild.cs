using System.Text;

namespace Withings.Sdk.Docs.Tests;

/// <summary>
/// Every block as a new project of its own (what <c>dotnet new console</c>, <c>web</c> or <c>classlib</c> makes, plus
/// the packages the block names) in a folder outside the repository, all built by one <c>dotnet build</c> of a
/// solution that lists them: one restore and one build for the whole documentation instead of one per block, while
/// each block keeps its own project, so that a block can only use what it declares.
/// </summary>
public sealed class BlockBuild
{
    private readonly Dictionary<string, string> _directories;

    private BlockBuild(Dictionary<string, string> directories, DotnetResult result)
    {
        _directories = directories;
        Result = result;
    }

    /// <summary>What <c>dotnet build</c> of every block said.</summary>
    public DotnetResult Result { get; }

    /// <summary>Writes a project per block under the feed's folder and builds them all at once.</summary>
    public static async Task<BlockBuild> RunAsync(PackedFeed feed, IReadOnlyList<DocBlock> blocks)
    {
        WriteSharedFiles(feed);
        var directories = new Dictionary<string, string>(StringComparer.Ordinal); // by block name: unique per page and heading
        var solution = new StringBuilder("<Solution>\n");
        foreach (var block in blocks)
        {
            var directory = WriteProject(feed, block, directories.Count);
            directories.Add(block.Name, directory);
            solution.Append("  <Project Path=\"").Append(Path.GetRelativePath(feed.Work, Path.Combine(directory, ProjectName(directories.Count - 1)))).Append("\" />\n");
        }

        solution.Append("</Solution>\n");
        var solutionPath = Path.Combine(feed.Work, "blocks.slnx");
        File.WriteAllText(solutionPath, solution.ToString());
        var result = await Dotnet.RunAsync(feed.Work, TimeSpan.FromMinutes(15), "build", solutionPath, "-c", "Debug", "-nologo", "-clp:NoSummary");
        return new BlockBuild(directories, result);
    }

    /// <summary>The folder of <paramref name="block"/>'s project.</summary>
    public string DirectoryOf(DocBlock block) => _directories[block.Name];

    /// <summary>
    /// The errors the build reported for <paramref name="block"/>'s project (compiler and restore errors name the
    /// file or project they are about), plus, when the build failed without naming any block, everything it said.
    /// </summary>
    public IReadOnlyList<string> ErrorsOf(DocBlock block)
    {
        var errors = Result.Output.Split('\n').Where(IsError).Distinct(StringComparer.Ordinal).ToList();
        var own = errors.Where(line => line.Contains(DirectoryOf(block) + Path.DirectorySeparatorChar, StringComparison.Ordinal)).ToList();
        var anyBlock = errors.Any(line => _directories.Values.Any(d => line.Contains(d + Path.DirectorySeparatorChar, StringComparison.Ordinal)));
        return own.Count > 0 || Result.ExitCode == 0 || anyBlock ? own : [Result.Output];
    }

    // A solution wants its projects' names distinct.
    private static string ProjectName(int index) => $"Block{index:00}.csproj";

    private static bool IsError(string line) => line.Contains(": error ", StringComparison.Ordinal);

    private static void WriteSharedFiles(PackedFeed feed)
    {
        // Nothing of the repository's build applies: these stop MSBuild from looking further up for its files.
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
    }

    // A new project as `dotnet new console` (or `web`, or `classlib`) makes it, plus the packages the block names.
    private static string WriteProject(PackedFeed feed, DocBlock block, int index)
    {
        var name = string.Concat(block.Name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));
        var directory = Path.Combine(feed.Work, "blocks", $"{index:00}-{name}");
        Directory.CreateDirectory(directory);
        var sdk = block.Kind == DocBlockKind.Web ? "Microsoft.NET.Sdk.Web" : "Microsoft.NET.Sdk";
        var outputType = block.Kind == DocBlockKind.ClassFile ? string.Empty : "    <OutputType>Exe</OutputType>\n";
        var references = string.Concat(new[] { "Withings.Sdk" }.Concat(block.Packages).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(id => $"    <PackageReference Include=\"{id}\" Version=\"{feed.VersionOf(id)}\" />\n"));
        File.WriteAllText(Path.Combine(directory, ProjectName(index)), $"""
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
}
