namespace Withings.Sdk.Sample;

// PLACEHOLDER until the receiver issue lands.
internal static class ServeCommand
{
    public static Task<int> RunAsync(CommandArgs args, JsonLines output, TextWriter stderr)
    {
        _ = args;
        _ = stderr;
        output.Error("serve: not available yet");
        return Task.FromResult(1);
    }
}
