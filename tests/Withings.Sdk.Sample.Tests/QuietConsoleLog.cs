namespace Withings.Sdk.Sample.Tests;

/// <summary>
/// <c>serve</c> logs to the console, as a service does. Run in-process, those lines would land in the test output
/// between the results and look like failures, so the console log is off for every test here; the assertions read
/// the command's own standard output and error writers, never the console log.
/// </summary>
[SetUpFixture]
public sealed class QuietConsoleLog
{
    private const string ConsoleLogLevel = "Logging__Console__LogLevel__Default";
    private string? _saved;

    /// <summary>Turns the console log off before the first test.</summary>
    [OneTimeSetUp]
    public void Silence()
    {
        _saved = Environment.GetEnvironmentVariable(ConsoleLogLevel);
        Environment.SetEnvironmentVariable(ConsoleLogLevel, "None");
    }

    /// <summary>Puts the variable back after the last test.</summary>
    [OneTimeTearDown]
    public void Restore() => Environment.SetEnvironmentVariable(ConsoleLogLevel, _saved);
}
