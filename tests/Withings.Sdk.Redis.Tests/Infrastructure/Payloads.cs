namespace Withings.Sdk.Redis.Tests;

/// <summary>Notification bodies in the shape of Withings' documented example (docs/withings-api.md §1).</summary>
internal static class Payloads
{
    /// <summary>A weight notification for one user and window; distinct users or windows are distinct notifications.</summary>
    public static string Weight(long userId, long startDate = 1530576000) => $"userid={userId}&appli=1&startdate={startDate}&enddate={startDate + 3600}";
}
