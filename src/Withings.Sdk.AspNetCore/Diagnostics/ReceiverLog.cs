using System.Net;
using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore;

/// <summary>The receiver's log messages. None of them carries the callback secret or the request URL.</summary>
internal static partial class ReceiverLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Withings notification refused with 404: the callback secret is missing or wrong")]
    public static partial void SecretRejected(ILogger logger);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Withings notification refused with 404: sender {RemoteAddress} is outside the allowed networks")]
    public static partial void SenderRejected(ILogger logger, IPAddress? remoteAddress);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Withings notification refused with 503: the queue is full ({Capacity} waiting); Withings will retry")]
    public static partial void QueueFull(ILogger logger, int capacity);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Withings notification refused with 503: the receiver is stopping; Withings will retry")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Withings notification refused with 413: the body exceeds {MaxBodyBytes} bytes")]
    public static partial void BodyTooLarge(ILogger logger, int maxBodyBytes);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Duplicate Withings notification (appli {Appli}) acknowledged and dropped")]
    public static partial void Duplicate(ILogger logger, int appli);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Withings notification body did not parse and is dead-lettered: {Error}")]
    public static partial void Unparseable(ILogger logger, string error);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Withings notification refused with {StatusCode} while reading its body ({Reason})")]
    public static partial void BadRequest(ILogger logger, int statusCode, string reason);

    [LoggerMessage(EventId = 9, Level = LogLevel.Debug, Message = "Withings notification aborted by its sender before its body was read")]
    public static partial void Aborted(ILogger logger);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "The dead-letter sink failed; a Withings notification ({Reason}) is lost")]
    public static partial void DeadLetterSinkFailed(ILogger logger, Exception exception, WithingsDeadLetterReason reason);

    [LoggerMessage(EventId = 14, Level = LogLevel.Error, Message = "The notification queue failed to record a processed Withings notification")]
    public static partial void MarkProcessedFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 15, Level = LogLevel.Information, Message = "Withings receiver stopping: draining {Count} acknowledged notifications")]
    public static partial void Draining(ILogger logger, int count);

    [LoggerMessage(EventId = 16, Level = LogLevel.Error, Message = "Withings receiver stopped before draining: the shutdown timeout cut the handlers, {Count} acknowledged notifications not handled (a durable queue keeps them for the next start, the in-memory queue dead-letters them as shutdown)")]
    public static partial void DrainIncomplete(ILogger logger, int count);

    [LoggerMessage(EventId = 17, Level = LogLevel.Error, Message = "Withings notification queue reader failed; restarting it")]
    public static partial void ReaderFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 19, Level = LogLevel.Debug, Message = "Withings notification refused with 503: the store cannot write (see its log); Withings will retry")]
    public static partial void StoreUnavailable(ILogger logger);

    [LoggerMessage(EventId = 18, Level = LogLevel.Warning, Message = "The duplicate filter failed; the notification is handed over unchecked")]
    public static partial void DuplicateFilterFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 19, Level = LogLevel.Warning, Message = "The Withings receiver accepts notifications from any sender (Withings:Receiver:AllowAnySender is true, with neither a CallbackSecret nor AllowedNetworks): anyone who learns the callback URL can post notifications Withings never sent, an unlink among them")]
    public static partial void AnySenderAllowed(ILogger logger);
}
