namespace Withings.Sdk.Sample;

// PLACEHOLDER until the FetchPlanner issue lands.
internal static class PlanCommand
{
    public const string Usage = """
        plan [BODY] [--now EPOCH] [--since EPOCH] [--tz IANA] [--batch]
                      the follow-up Withings requests of each body (--batch: one coalesced plan)
        """;

    public static int Run(CommandArgs args, TextReader stdin, JsonLines output)
    {
        _ = args;
        _ = stdin;
        output.Error("plan: not available yet");
        return 1;
    }
}
