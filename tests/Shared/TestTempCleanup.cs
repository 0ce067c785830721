using Withings.Sdk.TestSupport;

// In the namespace every test project's tests are under, so that it runs once around all of them.
namespace Withings.Sdk;

/// <summary>After the last test of the project, deletes this run's temp folder (<see cref="TestTemp"/>).</summary>
[SetUpFixture]
public sealed class TestTempCleanup
{
    /// <summary>Deletes the folder, whatever the tests left in it.</summary>
    [OneTimeTearDown]
    public void DeleteTestTemp() => TestTemp.DeleteRoot();
}
