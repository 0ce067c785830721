namespace Withings.Sdk.Sample.Demo;

/// <summary>The bodies the demo feeds through the parser and the planner, each with what it shows.</summary>
internal static class DemoNotifications
{
    /// <summary>The payload example of Withings' notification documentation (docs/withings-api.md §1): its
    /// <c>foo=bar</c> must be kept, not rejected.</summary>
    public const string DocumentedExample = "foo=bar&userid=12345&appli=1&startdate=1530576000&enddate=1530698753";

    public static IReadOnlyList<(string Note, string Body)> All { get; } =
    [
        ("Withings' documented example (weight)", DocumentedExample),
        ("captured from Withings (sleep)", "userid=13371337&startdate=1709336580&enddate=1709368500&appli=44"),
        ("blood pressure", "userid=12345&appli=4&startdate=1709272800&enddate=1709276400"),
        ("activity, with a calendar date", "userid=12345&appli=16&date=2024-03-01"),
        ("glucose, no window: the clock decides", "userid=12345&appli=58"),
        ("urine analysis from a U-Scan, no window", "userid=12345&appli=63"),
        ("the user unlinked your app", "userid=12345&appli=46&action=unlink"),
        ("a device with no account", "appli=53&mac=00:24:e4:aa:bb:cc"),
        ("a category this SDK does not know yet", "userid=12345&appli=99&startdate=1709336580"),
        ("garbage", "userid=12345&appli=1&startdate=yesterday"),
    ];
}
