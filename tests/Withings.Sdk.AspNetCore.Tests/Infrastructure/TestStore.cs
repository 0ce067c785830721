using Withings.Sdk.TestSupport;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>Store files for tests: unique paths under this run's temp folder, deleted with their WAL and shared-memory files.</summary>
internal static class TestStore
{
    public static string NewPath() => TestTemp.NewStorePath();

    public static void Delete(string path) => TestTemp.DeleteStore(path);
}
