namespace Withings.Sdk.Sample;

/// <summary>The bodies a command works on: the one given on the command line, or one per line of standard input.</summary>
internal static class InputLines
{
    public static IEnumerable<string> Read(CommandArgs args, TextReader stdin)
    {
        if (args.Positional.Count > 1)
        {
            throw new CommandLineException($"expected at most one BODY, got {args.Positional.Count}; quote the body");
        }

        if (args.Positional.Count == 1)
        {
            yield return args.Positional[0];
            yield break;
        }

        while (stdin.ReadLine() is { } line)
        {
            yield return line;
        }
    }
}
