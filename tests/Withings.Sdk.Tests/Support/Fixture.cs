namespace Withings.Sdk.Tests.Support;

/// <summary>Reads a response fixture from Fixtures/Responses (real payload shapes from the examples of Withings' API reference).</summary>
public static class Fixture
{
    public static string Response(string name) =>
        File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "Responses", name));
}
