namespace Withings.Sdk.Sample;

// PLACEHOLDER until the executor issue lands.
internal static class TokenCommand
{
    public const string Usage = """
        token refresh --refresh-token T [--show]
            refresh an OAuth token pair (--show prints the new tokens)
            e.g. token refresh --refresh-token "$WITHINGS_REFRESH_TOKEN"
        """;

    public static Task<int> RunAsync(CommandArgs args, JsonLines output, TextWriter stderr)
    {
        _ = args;
        _ = stderr;
        output.Error("token: not available yet");
        return Task.FromResult(1);
    }
}
