using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore;

/// <summary>The dashboard's log messages (EventId block 1500–1599): the operator's actions, never a body value.</summary>
internal static partial class DashboardLog
{
    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Withings dashboard: {Count} dead letter(s) replayed from the dashboard")]
    public static partial void Replayed(ILogger logger, int count);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "Withings dashboard: {Count} dead letter(s) purged from the dashboard")]
    public static partial void Purged(ILogger logger, int count);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "Withings dashboard: a request from outside this machine, or forwarded by a proxy, was refused with 404 (RestrictToLoopback)")]
    public static partial void NotLoopback(ILogger logger);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "Withings dashboard: a form was posted without a valid antiforgery token and refused with 400")]
    public static partial void AntiforgeryFailed(ILogger logger);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Warning, Message = "Withings dashboard: reading {Source} failed; the page shows what it could read")]
    public static partial void ReadFailed(ILogger logger, Exception exception, string source);
}
