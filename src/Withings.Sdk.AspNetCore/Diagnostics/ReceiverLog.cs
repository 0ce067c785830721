using System.Net;
using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore;

/// <summary>The receiver's log messages. None of them carries the callback secret or the request URL.</summary>
internal static partial class ReceiverLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Withings notification refused with 404: the callback secret is missing or wrong")]
    public static partial void SecretRejected(ILogger logger);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Withings notification refused with 404: sender {RemoteAddress} is outside the allowed networks")]
    public static partial void SenderRejected(ILogger logger, IPAddress? remoteAddress);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Withings notification refused with 503: the queue is full ({Capacity} waiting); Withings will retry")]
    public static partial void QueueFull(ILogger logger, int capacity);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Withings notification refused with 503: the receiver is stopping; Withings will retry")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Withings notification refused with 413: the body exceeds {MaxBodyBytes} bytes")]
    public static partial void BodyTooLarge(ILogger logger, int maxBodyBytes);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Debug, Message = "Duplicate Withings notification (appli {Appli}) acknowledged and dropped")]
    public static partial void Duplicate(ILogger logger, int appli);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "Withings notification body did not parse and is dead-lettered: {Error}")]
    public static partial void Unparseable(ILogger logger, string error);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Withings notification refused with {StatusCode} while reading its body ({Reason})")]
    public static partial void BadRequest(ILogger logger, int statusCode, string reason);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Debug, Message = "Withings notification aborted by its sender before its body was read")]
    public static partial void Aborted(ILogger logger);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "Withings notification handler failed (appli {Appli}, attempt {Attempt} of {MaxAttempts}); retrying in {Delay}")]
    public static partial void HandlerRetrying(ILogger logger, Exception exception, int appli, int attempt, int maxAttempts, TimeSpan delay);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Error, Message = "Withings notification handler failed on every attempt (appli {Appli}, {Attempts} attempts); dead-lettering it")]
    public static partial void HandlerGaveUp(ILogger logger, Exception exception, int appli, int attempts);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Error, Message = "Withings notification could not be planned (appli {Appli}); dead-lettering it")]
    public static partial void PlanningFailed(ILogger logger, Exception exception, int appli);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Error, Message = "The Withings receiver store failed to dead-letter a notification ({Reason}); a durable store hands it out again at the next start")]
    public static partial void DeadLetterSinkFailed(ILogger logger, Exception exception, WithingsDeadLetterReason reason);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Error, Message = "The Withings receiver store failed to record a completed notification")]
    public static partial void MarkProcessedFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Information, Message = "Withings receiver stopping: draining {Count} acknowledged notifications")]
    public static partial void Draining(ILogger logger, int count);

    [LoggerMessage(EventId = 1016, Level = LogLevel.Error, Message = "Withings receiver stopped before draining: the shutdown timeout cut the handlers, {Count} acknowledged notifications not handled (a durable store keeps them for the next start, the in-memory store dead-letters them as shutdown)")]
    public static partial void DrainIncomplete(ILogger logger, int count);

    [LoggerMessage(EventId = 1017, Level = LogLevel.Error, Message = "Withings notification queue reader failed; restarting it")]
    public static partial void ReaderFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1019, Level = LogLevel.Debug, Message = "Withings notification refused with 503: the store cannot write (see its log); Withings will retry")]
    public static partial void StoreUnavailable(ILogger logger);

    [LoggerMessage(EventId = 1023, Level = LogLevel.Error, Message = "The Withings receiver store failed to accept a notification; answering 503 so that Withings retries")]
    public static partial void StoreFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Warning, Message = "The Withings receiver accepts notifications from any sender (Withings:Receiver:AllowAnySender is true, with neither a CallbackSecret nor AllowedNetworks): anyone who learns the callback URL can post notifications Withings never sent, an unlink among them")]
    public static partial void AnySenderAllowed(ILogger logger);
}
