namespace Withings.Sdk.Tests.Support;

/// <summary>Reads a response fixture from Fixtures/Responses (real payload shapes from openapi.yml's examples).</summary>
public static class Fixture
{
    public static string Response(string name) =>
        File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "Responses", name));
}
