namespace Withings.Sdk.TestSupport;

/// <summary>
/// Where tests put their files: one folder per test run under the temp directory, unique to this test process, so that
/// test projects run in parallel (and other checkouts on the machine) never share a path. Each test deletes what it
/// made; <see cref="TestTempCleanup"/> deletes the whole folder after the last test, so nothing is left behind even
/// when a test fails half-way. Shared by the test projects as linked source (tests/Shared).
/// </summary>
internal static class TestTemp
{
    private static readonly Lazy<string> LazyRoot = new(() =>
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"withings-sdk-tests-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}")).FullName);

    /// <summary>This test run's folder, created on first use.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>A new path for a SQLite store file (not created).</summary>
    public static string NewStorePath() => Path.Combine(Root, $"{Guid.NewGuid():N}.db");

    /// <summary>A new empty folder under this run's folder.</summary>
    public static string NewDirectory(string prefix) => Directory.CreateDirectory(Path.Combine(Root, prefix + Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>Deletes a store file with its write-ahead log, shared-memory and journal files; only under this run's folder.</summary>
    public static void DeleteStore(string path)
    {
        if (!path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return;
        }

        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            File.Delete(file);
        }
    }

    /// <summary>Deletes this run's folder and everything in it, if it was created.</summary>
    public static void DeleteRoot()
    {
        if (LazyRoot.IsValueCreated && Directory.Exists(LazyRoot.Value))
        {
            Directory.Delete(LazyRoot.Value, recursive: true);
        }
    }
}
