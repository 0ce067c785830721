namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>
/// How long a test waits for something that happens in the background before failing. Never a timing assertion: a
/// passing test waits only as long as the work takes, so the guard is generous, for a loaded machine.
/// </summary>
internal static class TestTimeouts
{
    public static TimeSpan Wait { get; } = TimeSpan.FromMinutes(3);
}
