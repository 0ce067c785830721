namespace Withings.Sdk.Sample;

// PLACEHOLDER until the FetchPlanner issue lands.
internal static class PlanCommand
{
    public static int Run(CommandArgs args, TextReader stdin, JsonLines output)
    {
        _ = args;
        _ = stdin;
        output.Error("plan: not available yet");
        return 1;
    }
}
