using System.Diagnostics;

namespace Withings.Sdk.Sample.Tests;

/// <summary>
/// <c>serve</c> with an invalid setting, run as a user runs it (a child process, its console log on): one line naming
/// each configuration key to fix, no stack trace, a non-zero exit code.
/// </summary>
public sealed class ServeStartupErrorTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Serve_InvalidSettings_OneLineNamingEachKey_NoStackTrace_ExitCode1()
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Withings.Sdk.Sample.dll"), "serve", "--urls", "http://127.0.0.1:0", "--secret", "s3cret-for-test", "--store", "memory" })
        {
            info.ArgumentList.Add(argument);
        }

        // The console log stays on, as for a user: the host would print its stack trace there.
        info.Environment.Remove("Logging__Console__LogLevel__Default");
        info.Environment["Withings__Receiver__QueueCapacity"] = "0";
        info.Environment["Withings__Fetch__MaxPages"] = "0";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Wait);
        await process.WaitForExitAsync(timeout.Token);

        process.ExitCode.Should().Be(1);
        (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle()
            .Which.Should().StartWith("""{"ok":false,"error":"serve: """)
            .And.Contain("Withings:Receiver:QueueCapacity: must be between 1 and 2147483647.")
            .And.Contain("Withings:Fetch:MaxPages: must be between 1 and 2147483647.");
        (await error).Should().NotContain(" at ").And.NotContain("Exception");
    }
}
