namespace Withings.Sdk.Sample;

// PLACEHOLDER until the executor issue lands.
internal static class TokenCommand
{
    public static Task<int> RunAsync(CommandArgs args, JsonLines output, TextWriter stderr)
    {
        _ = args;
        _ = stderr;
        output.Error("token: not available yet");
        return Task.FromResult(1);
    }
}
