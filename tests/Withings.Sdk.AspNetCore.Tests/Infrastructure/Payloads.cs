namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>Notification bodies from the Withings documentation.</summary>
internal static class Payloads
{
    /// <summary>The notification page's own example body, <c>foo=bar</c> included (docs/withings-api.md §1).</summary>
    public const string SeedExample = "foo=bar&userid=12345&appli=1&startdate=1530576000&enddate=1530698753";

    /// <summary>A sleep body captured from live Withings (the README's Quick start reads it too).</summary>
    public const string CapturedSleep = "userid=13371337&startdate=1709336580&enddate=1709368500&appli=44";

    /// <summary>A body that is not a notification: no appli.</summary>
    public const string Garbage = "hello=world&this=is-not-a-notification";

    /// <summary>A seed-shaped weight body for another window, so that it is a distinct notification.</summary>
    public static string Weight(long userId, long startDate) => $"userid={userId}&appli=1&startdate={startDate}&enddate={startDate + 3600}";
}
