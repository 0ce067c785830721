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
        TokenCommand.Usage,
    ];

    public static int Print(TextWriter stdout)
    {
        stdout.WriteLine("Withings.Sdk sample: every command prints one JSON object per line.");
        stdout.WriteLine("Settings come from appsettings.json and environment variables (Withings__ApiBaseAddress, ...).");
        stdout.WriteLine();
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
