using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore;

/// <summary>The sync engine's log messages: counts, categories and attempts, never a token, user id or data value.</summary>
internal static partial class SyncLog
{
    [LoggerMessage(EventId = 1301, Level = LogLevel.Debug, Message = "Withings sync batch: {Notifications} notifications, {Users} users, {Requests} requests planned")]
    public static partial void BatchPlanned(ILogger logger, int notifications, int users, int requests);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Withings sync: {Failed} of {Requests} requests failed transiently (attempt {Attempt} of {MaxAttempts}); retrying in {Delay}")]
    public static partial void FetchRetrying(ILogger logger, int failed, int requests, int attempt, int maxAttempts, TimeSpan delay);

    [LoggerMessage(EventId = 1309, Level = LogLevel.Error, Message = "Withings sync: a store failed ({Operation}); the data will be fetched again")]
    public static partial void StoreFailed(ILogger logger, Exception exception, string operation);

    [LoggerMessage(EventId = 1312, Level = LogLevel.Error, Message = "Withings sync: the batch listener failed")]
    public static partial void ListenerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1313, Level = LogLevel.Warning, Message = "Withings sync: Withings sent a time zone this system does not know; planning goes on in UTC")]
    public static partial void UnknownTimeZone(ILogger logger);

    [LoggerMessage(EventId = 1314, Level = LogLevel.Error, Message = "Withings sync: a user's fetch did not finish within Withings:Sync:FetchDeadline ({Deadline}); {Requests} unfinished requests fail and their notifications are dead-lettered")]
    public static partial void FetchDeadlinePassed(ILogger logger, TimeSpan deadline, int requests);
}
