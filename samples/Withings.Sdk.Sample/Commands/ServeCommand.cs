namespace Withings.Sdk.Sample;

// PLACEHOLDER until the receiver issue lands.
internal static class ServeCommand
{
    public const string Usage = """
        serve [--urls URL] [--path PATH] [--secret S]   host the webhook receiver
        """;

    public static Task<int> RunAsync(CommandArgs args, JsonLines output, TextWriter stderr)
    {
        _ = args;
        _ = stderr;
        output.Error("serve: not available yet");
        return Task.FromResult(1);
    }
}
