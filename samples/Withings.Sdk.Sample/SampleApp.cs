namespace Withings.Sdk.Sample;

/// <summary>The command dispatcher: one command per file under Commands/.</summary>
internal static class SampleApp
{
    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var command = args.Length == 0 ? "demo" : args[0];
        var rest = args.Length == 0 ? new CommandArgs([]) : new CommandArgs(args[1..]);
        var output = new JsonLines(stdout);
        if (rest.HelpRequested && Help.Of(command, rest.Positional) is { } usage)
        {
            // Before the command reads anything: --help does no other work, whatever else is on the line.
            return Help.PrintCommand(usage, stdout);
        }

        try
        {
            return command switch
            {
                "demo" => await DemoCommand.RunAsync(rest, stdout, stderr),
                "parse" => ParseCommand.Run(rest, stdin, output),
                "plan" => PlanCommand.Run(rest, stdin, output),
                "subscribe" or "get" or "list" or "revoke" or "update" => await SubscriptionCommands.RunAsync(command, rest, output, stderr),
                "subscriptions" => await SubscriptionCommands.RunGroupAsync(rest, output, stderr),
                "serve" => await ServeCommand.RunAsync(rest, output, stderr),
                "deadletters" => await DeadLettersCommand.RunAsync(rest, output),
                "fetch" => await FetchCommand.RunAsync(rest, stdin, output, stderr),
                "backfill" => await BackfillCommand.RunAsync(rest, output, stderr, terminal: !Console.IsErrorRedirected && stderr == Console.Error),
                "token" => await TokenCommand.RunAsync(rest, output, stderr),
                "--help" or "-h" or "help" => Help.Print(stdout),
                _ => Usage(output, $"unknown command '{command}'; run with --help to list the commands"),
            };
        }
        catch (CommandLineException e)
        {
            return Usage(output, e.Message);
        }
    }

    private static int Usage(JsonLines output, string message)
    {
        output.Error(message);
        return 2;
    }
}
