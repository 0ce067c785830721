namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>Store files for tests: unique paths under the temp folder, deleted with their WAL and shared-memory files.</summary>
internal static class TestStore
{
    public static string NewPath() => Path.Combine(Path.GetTempPath(), "withings-sdk-tests", $"{Guid.NewGuid():N}.db");

    public static void Delete(string path)
    {
        if (!path.StartsWith(Path.Combine(Path.GetTempPath(), "withings-sdk-tests"), StringComparison.Ordinal))
        {
            return;
        }

        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            File.Delete(file);
        }
    }
}
