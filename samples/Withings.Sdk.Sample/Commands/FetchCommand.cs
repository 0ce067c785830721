namespace Withings.Sdk.Sample;

// PLACEHOLDER until the executor issue lands.
internal static class FetchCommand
{
    public const string Usage = """
        fetch [BODY] [--since EPOCH] [--tz IANA]   parse, plan and run the requests
        """;

    public static Task<int> RunAsync(CommandArgs args, TextReader stdin, JsonLines output, TextWriter stderr)
    {
        _ = args;
        _ = stdin;
        _ = stderr;
        output.Error("fetch: not available yet");
        return Task.FromResult(1);
    }
}
