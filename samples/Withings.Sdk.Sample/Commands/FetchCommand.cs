namespace Withings.Sdk.Sample;

// PLACEHOLDER until the executor issue lands.
internal static class FetchCommand
{
    public const string Usage = """
        fetch [BODY] [--since EPOCH] [--tz IANA]
            parse, plan and run the requests with the user's token
            e.g. fetch 'userid=12345&appli=1&startdate=1530576000&enddate=1530698753'
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
