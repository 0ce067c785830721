using System.Diagnostics;

namespace Withings.Sdk.AspNetCore;

/// <summary>The links from a consumer's span to the spans of the requests that delivered its notifications.</summary>
internal static class NotificationTraceLinks
{
    /// <summary>One link per notification whose delivering request is known (none once read back from a store).</summary>
    public static List<ActivityLink> Of(IEnumerable<ReceivedNotification> items) =>
        [.. items.Where(static i => i.RequestTrace is { } trace && trace != default).Select(static i => new ActivityLink(i.RequestTrace!.Value))];
}
