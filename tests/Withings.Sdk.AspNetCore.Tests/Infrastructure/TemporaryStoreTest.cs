namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>A test with a store file of its own, deleted after it.</summary>
public abstract class TemporaryStoreTest
{
    protected string StorePath { get; private set; } = null!;

    [SetUp]
    public void CreateStorePath()
    {
        StorePath = TestStore.NewPath();
    }

    [TearDown]
    public void DeleteStore() => TestStore.Delete(StorePath);
}
