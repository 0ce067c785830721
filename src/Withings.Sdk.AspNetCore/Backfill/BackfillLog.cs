using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore;

/// <summary>Backfill's log messages (EventIds 1600–1699): user ids, counts and actions, never a token or a data value.</summary>
internal static partial class BackfillLog
{
    [LoggerMessage(EventId = 1600, Level = LogLevel.Information, Message = "Withings backfill of user {UserId} planned: {Requests} requests")]
    public static partial void Planned(ILogger logger, long userId, int requests);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "Withings backfill of user {UserId} finished: {Done} requests, {Failed} failed")]
    public static partial void Finished(ILogger logger, long userId, int done, int failed);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Warning, Message = "Withings backfill of user {UserId}: {Service} {Action} failed for good ({ErrorType}); the data handler gets it as a failure")]
    public static partial void RequestFailed(ILogger logger, long userId, string service, string action, string errorType);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Warning, Message = "Withings backfill of user {UserId} stopped: the user's authorization is missing or was refused; {Remaining} requests are not sent and count as failed")]
    public static partial void Abandoned(ILogger logger, long userId, int remaining);

    [LoggerMessage(EventId = 1604, Level = LogLevel.Warning, Message = "Withings data handler failed on backfill data (attempt {Attempt} of {MaxAttempts}); retrying in {Delay}")]
    public static partial void HandlerRetrying(ILogger logger, Exception exception, int attempt, int maxAttempts, TimeSpan delay);

    [LoggerMessage(EventId = 1605, Level = LogLevel.Error, Message = "Withings data handler failed on backfill data on every attempt ({Attempts}); the request counts as failed")]
    public static partial void HandlerGaveUp(ILogger logger, Exception exception, int attempts);

    [LoggerMessage(EventId = 1606, Level = LogLevel.Error, Message = "Withings backfill: the backfill store failed ({Operation})")]
    public static partial void StoreFailed(ILogger logger, Exception exception, string operation);

    [LoggerMessage(EventId = 1607, Level = LogLevel.Error, Message = "Withings backfill: a backfill listener failed")]
    public static partial void ListenerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1608, Level = LogLevel.Information, Message = "Withings backfill: {Jobs} unfinished backfills resumed, {Requests} requests left")]
    public static partial void Resumed(ILogger logger, int jobs, int requests);

    [LoggerMessage(EventId = 1609, Level = LogLevel.Error, Message = "Withings backfill of newly linked user {UserId} could not be started; the link stands")]
    public static partial void OnLinkFailed(ILogger logger, Exception exception, long userId);

    [LoggerMessage(EventId = 1610, Level = LogLevel.Information, Message = "Withings backfill of user {UserId}: the stored job changed meanwhile (a new backfill, or another instance); going on from the stored progress")]
    public static partial void JobChanged(ILogger logger, long userId);

    [LoggerMessage(EventId = 1611, Level = LogLevel.Warning, Message = "Withings backfill: {Failed} request failed transiently (attempt {Attempt} of {MaxAttempts}); retrying in {Delay}")]
    public static partial void FetchRetrying(ILogger logger, int failed, int attempt, int maxAttempts, TimeSpan delay);
}
