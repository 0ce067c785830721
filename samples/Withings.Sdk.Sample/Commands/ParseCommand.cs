namespace Withings.Sdk.Sample;

/// <summary><c>parse [BODY]</c>: each body as a typed notification, one JSON line per input line.</summary>
internal static class ParseCommand
{
    public static int Run(CommandArgs args, TextReader stdin, JsonLines output)
    {
        args.EnsureAllRead();
        var parser = new NotificationParser();
        var failed = false;
        foreach (var line in InputLines.Read(args, stdin))
        {
            if (parser.TryParse(line, out var notification, out var error))
            {
                output.Write(json =>
                {
                    json.WriteBoolean("ok", true);
                    NotificationJson.WriteCommon(json, notification);
                    NotificationJson.WriteDetails(json, notification);
                });
            }
            else
            {
                failed = true;
                output.Error(error.Message);
            }
        }

        return failed ? 1 : 0;
    }
}
