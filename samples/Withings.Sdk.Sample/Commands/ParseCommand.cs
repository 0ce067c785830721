namespace Withings.Sdk.Sample;

/// <summary><c>parse [BODY]</c>: each body as a typed notification, one JSON line per input line.</summary>
internal static class ParseCommand
{
    public const string Usage = """
        parse [BODY]
            each body (or each line of standard input) as a typed notification
            e.g. parse 'userid=12345&appli=1&startdate=1530576000&enddate=1530698753'
        """;

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
