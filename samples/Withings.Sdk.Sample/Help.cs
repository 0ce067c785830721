namespace Withings.Sdk.Sample;

/// <summary>
/// <c>--help</c>: every command with an example, from each command's own <c>Usage</c>; <c>COMMAND --help</c> (or
/// <c>-h</c>): that command's usage alone.
/// </summary>
internal static class Help
{
    private static readonly string[] Usages =
    [
        DemoCommand.Usage,
        ParseCommand.Usage,
        PlanCommand.Usage,
        FetchCommand.Usage,
        BackfillCommand.Usage,
        SubscriptionCommands.Usage,
        ServeCommand.Usage,
        DeadLettersCommand.Usage,
        TokenCommand.Usage,
    ];

    /// <summary>The usage of <paramref name="command"/>, narrowed by its subcommand where it has several; null for
    /// an unknown command, which then fails as any unknown command does.</summary>
    public static string? Of(string command, IReadOnlyList<string> positional) => command switch
    {
        "demo" => DemoCommand.Usage,
        "parse" => ParseCommand.Usage,
        "plan" => PlanCommand.Usage,
        "fetch" => FetchCommand.Usage,
        "backfill" => BackfillCommand.Usage,
        "subscribe" => SubscriptionCommands.SubscribeUsage,
        "get" => SubscriptionCommands.GetUsage,
        "list" => SubscriptionCommands.ListUsage,
        "revoke" => SubscriptionCommands.RevokeUsage,
        "update" => SubscriptionCommands.UpdateUsage,
        "subscriptions" => SubscriptionCommands.EnsureUsage,
        "serve" => ServeCommand.Usage,
        "deadletters" => DeadLettersCommand.Usage,
        "token" => (positional.Count > 0 ? positional[0] : null) switch
        {
            "refresh" => TokenCommand.RefreshUsage,
            "revoke" => TokenCommand.RevokeUsage,
            _ => TokenCommand.Usage,
        },
        _ => null,
    };

    public static int PrintCommand(string usage, TextWriter stdout)
    {
        stdout.Write(usage.ReplaceLineEndings(Environment.NewLine));
        stdout.WriteLine();
        stdout.Flush();
        return 0;
    }

    public static int Print(TextWriter stdout)
    {
        stdout.WriteLine("""
            Withings.Sdk sample: every command prints one JSON object per line
            ("ok": true|false) and exits 1 when a line failed; the demo prints a report.
            Settings: appsettings.json beside the app, then environment variables such
            as Withings__ApiBaseAddress (default https://wbsapi.withings.net).
            subscribe, get, list, revoke, update, subscriptions ensure, fetch and backfill
            send the user's access token from WITHINGS_ACCESS_TOKEN; token refresh and token
            revoke use Withings__ClientId and Withings__ClientSecret.
            Withings__Cloud=UnitedStates
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
