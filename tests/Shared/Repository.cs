namespace Withings.Sdk.TestSupport;

/// <summary>
/// The repository the tests run from: the folder holding Withings.Sdk.sln, above the test's output folder. Shared by
/// the test projects as linked source (tests/Shared).
/// </summary>
internal static class Repository
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The repository's root folder.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>A path under the root, from its segments (<c>"src", "Withings.Sdk"</c>).</summary>
    public static string PathOf(params string[] segments) => Path.Combine([Root, .. segments]);

    /// <summary>
    /// The dll another project of the repository built beside this one (its <c>bin/&lt;configuration&gt;/&lt;tfm&gt;/</c>,
    /// the configuration and target framework of the running tests), for a test that runs it as a child process.
    /// </summary>
    /// <param name="project">The project's folder from the root, for example <c>tests/Withings.Sdk.AspNetCore.CrashHost</c>.</param>
    public static string BuiltAssembly(string project)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(Root, project, "bin", output.Parent!.Name, output.Name, Path.GetFileName(project) + ".dll");
    }

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
