namespace Withings.Sdk.Sample;

// PLACEHOLDER until the Notify subscriptions issue lands.
internal static class SubscriptionCommands
{
    public const string Usage = """
        subscribe|get|list|revoke|update ...   manage Notify subscriptions
        """;

    public static Task<int> RunAsync(string command, CommandArgs args, JsonLines output, TextWriter stderr)
    {
        _ = args;
        _ = stderr;
        output.Error($"{command}: not available yet");
        return Task.FromResult(1);
    }
}
