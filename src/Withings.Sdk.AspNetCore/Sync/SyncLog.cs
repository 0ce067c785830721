using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore;

/// <summary>The sync engine's log messages: counts, categories and attempts, never a token, user id or data value.</summary>
internal static partial class SyncLog
{
    [LoggerMessage(EventId = 1301, Level = LogLevel.Debug, Message = "Withings sync batch: {Notifications} notifications, {Users} users, {Requests} requests planned")]
    public static partial void BatchPlanned(ILogger logger, int notifications, int users, int requests);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Withings sync: {Failed} of {Requests} requests failed transiently (attempt {Attempt} of {MaxAttempts}); retrying in {Delay}")]
    public static partial void FetchRetrying(ILogger logger, int failed, int requests, int attempt, int maxAttempts, TimeSpan delay);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "Withings data handler failed (attempt {Attempt} of {MaxAttempts}); retrying in {Delay}")]
    public static partial void HandlerRetrying(ILogger logger, Exception exception, int attempt, int maxAttempts, TimeSpan delay);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Error, Message = "Withings data handler failed on every attempt ({Attempts}); {Notifications} notifications are dead-lettered")]
    public static partial void HandlerGaveUp(ILogger logger, Exception exception, int attempts, int notifications);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Error, Message = "Withings sync could not plan appli {Appli}; its notifications are dead-lettered")]
    public static partial void PlanningFailed(ILogger logger, Exception exception, int appli);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Error, Message = "Withings profile action handler failed on every attempt ({Attempts}); the notification is dead-lettered")]
    public static partial void ProfileHandlerGaveUp(ILogger logger, Exception exception, int attempts);

    [LoggerMessage(EventId = 1307, Level = LogLevel.Warning, Message = "Withings profile action handler failed (attempt {Attempt} of {MaxAttempts}); retrying in {Delay}")]
    public static partial void ProfileHandlerRetrying(ILogger logger, Exception exception, int attempt, int maxAttempts, TimeSpan delay);

    [LoggerMessage(EventId = 1308, Level = LogLevel.Error, Message = "Withings sync: the queue failed; reading again")]
    public static partial void ReaderFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1309, Level = LogLevel.Error, Message = "Withings sync: a store failed ({Operation}); the data will be fetched again")]
    public static partial void StoreFailed(ILogger logger, Exception exception, string operation);

    [LoggerMessage(EventId = 1310, Level = LogLevel.Error, Message = "Withings sync: the dead-letter sink failed")]
    public static partial void DeadLetterSinkFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1311, Level = LogLevel.Error, Message = "Withings sync: marking a notification processed failed")]
    public static partial void MarkProcessedFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1312, Level = LogLevel.Error, Message = "Withings sync: the batch listener failed")]
    public static partial void ListenerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1313, Level = LogLevel.Warning, Message = "Withings sync: Withings sent a time zone this system does not know; planning goes on in UTC")]
    public static partial void UnknownTimeZone(ILogger logger);

    [LoggerMessage(EventId = 1314, Level = LogLevel.Error, Message = "Withings sync: a user's fetch did not finish within Withings:Sync:FetchDeadline ({Deadline}); {Requests} unfinished requests fail and their notifications are dead-lettered")]
    public static partial void FetchDeadlinePassed(ILogger logger, TimeSpan deadline, int requests);
}
