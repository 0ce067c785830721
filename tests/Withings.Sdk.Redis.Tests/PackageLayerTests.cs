using Withings.Sdk.Redis;

namespace Withings.Sdk.Redis.Tests;

/// <summary>
/// Withings.Sdk.Redis depends on Withings.Sdk only: a worker that wants the shared rate limit or refresh lock takes
/// neither the ASP.NET Core receiver nor SQLite with it. The receiver store's seam it implements lives in Withings.Sdk.
/// </summary>
internal sealed class PackageLayerTests
{
    [Test]
    public void RedisAssembly_ReferencesTheCore_NotTheReceiverPackageNorAspNetCoreNorSqlite()
    {
        var references = typeof(WithingsRedisOptions).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        references.Should().Contain("Withings.Sdk");
        references.Should().NotContain("Withings.Sdk.AspNetCore");
        references.Should().NotContain(name => name.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal) || name.StartsWith("SQLitePCLRaw", StringComparison.Ordinal));

        // ASP.NET Core's data protection ships as packages of its own (the key ring on Redis); nothing else of ASP.NET Core.
        references.Where(name => name.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal))
            .Should().OnlyContain(name => name.StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal));
    }

    [Test]
    public void TheStoreSeamTheRedisStoreImplements_LivesInTheCore()
    {
        typeof(IWithingsReceiverStore).Assembly.GetName().Name.Should().Be("Withings.Sdk");
        typeof(IWithingsUserContextStore).Assembly.GetName().Name.Should().Be("Withings.Sdk");
        typeof(IWithingsBackfillStore).Assembly.GetName().Name.Should().Be("Withings.Sdk");
    }
}
