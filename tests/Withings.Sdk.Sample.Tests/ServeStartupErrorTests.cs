using Withings.Sdk.TestSupport;

namespace Withings.Sdk.Sample.Tests;

/// <summary>
/// <c>serve</c> with an invalid setting, run as a user runs it (a child process, its console log on): one line naming
/// each configuration key to fix, no stack trace, a non-zero exit code.
/// </summary>
public sealed class ServeStartupErrorTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(2);

    [Test]
    public async Task Serve_InvalidSettings_OneLineNamingEachKey_NoStackTrace_ExitCode1()
    {
        // The console log stays on, as for a user: the host would print its stack trace there.
        var result = await ChildProcess.RunAsync(
            [Path.Combine(AppContext.BaseDirectory, "Withings.Sdk.Sample.dll"), "serve", "--urls", "http://127.0.0.1:0", "--secret", "s3cret-for-test", "--store", "memory"],
            Wait,
            environment: new Dictionary<string, string?>
            {
                ["Logging__Console__LogLevel__Default"] = null,
                ["Withings__Receiver__QueueCapacity"] = "0",
                ["Withings__Fetch__MaxPages"] = "0",
            });

        result.ExitCode.Should().Be(1, result.Output);
        result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle()
            .Which.Should().StartWith("""{"ok":false,"error":"serve: """)
            .And.Contain("Withings:Receiver:QueueCapacity: must be between 1 and 2147483647.")
            .And.Contain("Withings:Fetch:MaxPages: must be between 1 and 2147483647.");
        result.StandardError.Should().NotContain(" at ").And.NotContain("Exception");
    }
}
