namespace Withings.Sdk.Sample;

// Replaced by the full offline demo (issue: a package people trust); for now it parses the seed's examples.
internal static class DemoCommand
{
    public const string Usage = """
        (no command)   offline demo
        """;

    private static readonly string[] Bodies =
    [
        "foo=bar&userid=12345&appli=1&startdate=1530576000&enddate=1530698753",
        "userid=13371337&startdate=1709336580&enddate=1709368500&appli=44",
        "userid=12345&appli=16&date=2024-03-01",
        "userid=12345&appli=46&action=unlink",
        "appli=53&mac=00:24:e4:aa:bb:cc",
    ];

    public static Task<int> RunAsync(CommandArgs args, JsonLines output, TextWriter stderr)
    {
        args.EnsureAllRead();
        _ = output;
        var parser = new NotificationParser();
        Console.WriteLine("Withings.Sdk offline demo: notification -> typed record");
        foreach (var body in Bodies)
        {
            var notification = parser.Parse(body);
            Console.WriteLine($"  {body}");
            Console.WriteLine($"    -> {notification.GetType().Name} (appli {notification.Appli}, user {notification.UserId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"})");
        }

        stderr.Flush();
        return Task.FromResult(0);
    }
}
