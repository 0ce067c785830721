using System.Globalization;
using System.Xml.Linq;
using Withings.Sdk.TestSupport;

namespace Withings.Sdk.Docs.Tests;

/// <summary>
/// The repository's packages, packed once per test run into a folder feed outside the repository, under a version
/// of their own so that no package cache can hand out an older build. Disposing removes the feed and that version
/// from the NuGet packages folder.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    /// <summary>The shipped packages, in the order they depend on each other.</summary>
    public static readonly IReadOnlyList<string> PackageIds = ["Withings.Sdk", "Withings.Sdk.AspNetCore", "Withings.Sdk.Redis", "Withings.Sdk.Testing"];

    private PackedFeed(string repositoryRoot, string work, string version)
    {
        RepositoryRoot = repositoryRoot;
        Work = work;
        Version = version;
    }

    /// <summary>The repository: where the sources and Directory.Packages.props are.</summary>
    public string RepositoryRoot { get; }

    /// <summary>A temporary folder outside the repository: the feed and the projects live under it.</summary>
    public string Work { get; }

    /// <summary>The folder the packages were packed to.</summary>
    public string Feed => Path.Combine(Work, "feed");

    /// <summary>The version every Withings package of this run has.</summary>
    public string Version { get; }

    /// <summary>Packs every shipped project (Release, as CI builds them) into a new feed.</summary>
    public static async Task<PackedFeed> PackAsync(string repositoryRoot)
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var feed = new PackedFeed(repositoryRoot, TestTemp.NewDirectory("docs-"), "0.1.0-docs." + stamp);
        Directory.CreateDirectory(feed.Feed);

        // PackageVersion (not VersionSuffix) leaves the assemblies' version alone, so an up-to-date build is reused.
        foreach (var id in PackageIds)
        {
            var project = Path.Combine(repositoryRoot, "src", id, id + ".csproj");
            var result = await Dotnet.RunAsync(repositoryRoot, TimeSpan.FromMinutes(10), "pack", project, "-c", "Release", "-o", feed.Feed, "-p:PackageVersion=" + feed.Version);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet pack {id} failed ({result.ExitCode}):\n{result.Output}");
            }
        }

        return feed;
    }

    /// <summary>The version a project of a block references for <paramref name="id"/>: this run's for Withings packages,
    /// the repository's central version for the others.</summary>
    public string VersionOf(string id)
    {
        if (PackageIds.Contains(id))
        {
            return Version;
        }

        var central = XDocument.Load(Path.Combine(RepositoryRoot, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .FirstOrDefault(p => string.Equals((string?)p.Attribute("Include"), id, StringComparison.OrdinalIgnoreCase));
        return (string?)central?.Attribute("Version")
            ?? throw new InvalidOperationException($"'// dotnet add package {id}': add {id} to Directory.Packages.props, so that the tests know which version the page means.");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in PackageIds)
        {
            TryDelete(Path.Combine(packages, id.ToLowerInvariant(), Version));
        }

        TryDelete(Work);
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless; failing the run over it would not be.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
