namespace Withings.Sdk.Sample;

/// <summary><c>--help</c>: every command with an example, from each command's own <c>Usage</c>.</summary>
internal static class Help
{
    private static readonly string[] Usages =
    [
        DemoCommand.Usage,
        ParseCommand.Usage,
        PlanCommand.Usage,
        FetchCommand.Usage,
        SubscriptionCommands.Usage,
        ServeCommand.Usage,
        DeadLettersCommand.Usage,
        TokenCommand.Usage,
    ];

    public static int Print(TextWriter stdout)
    {
        stdout.WriteLine("""
            Withings.Sdk sample: every command prints one JSON object per line
            ("ok": true|false) and exits 1 when a line failed; the demo prints a report.
            Settings: appsettings.json beside the app, then environment variables such
            as Withings__ApiBaseAddress (default https://wbsapi.withings.net).
            subscribe, get, list, revoke, update, subscriptions ensure and fetch send the
            user's access token from WITHINGS_ACCESS_TOKEN; token refresh and token revoke
            use Withings__ClientId and Withings__ClientSecret. Withings__Cloud=UnitedStates
            targets the US medical cloud. Withings__Notify__ValidateCallbackUrls=false lets
            a test against a local server subscribe an http callback.

            """);
        foreach (var usage in Usages)
        {
            foreach (var line in usage.Split('\n'))
            {
                stdout.WriteLine("  " + line);
            }
        }

        return 0;
    }
}
