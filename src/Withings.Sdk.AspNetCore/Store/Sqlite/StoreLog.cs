using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore;

/// <summary>The durable store's log messages; never a body value. A fault is logged once when it starts and once when it ends.</summary>
internal static partial class StoreLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Withings receiver store {Path} opened ({Durability}): {Queued} acknowledged notifications to handle again (oldest received {OldestReceived}), {DeadLetters} dead letters")]
    public static partial void Opened(ILogger logger, string path, WithingsStoreDurability durability, int queued, string oldestReceived, int deadLetters);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "The Withings receiver store {Path} cannot write ({Error}); notifications are refused with 503 until it can, nothing acknowledged is lost")]
    public static partial void WriteFailing(ILogger logger, Exception exception, string path, string error);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "The Withings receiver store could not store an acknowledged notification; answering 503 so that Withings retries")]
    public static partial void EnqueueFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "The Withings receiver store holds {Count} dead letters or {Bytes} bytes of them, its limit: this dead letter ({Reason}) is only logged")]
    public static partial void DeadLettersFull(ILogger logger, int count, long bytes, WithingsDeadLetterReason reason);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "The Withings receiver store could not record a duplicate-filter key; a retry after a restart may be handled twice")]
    public static partial void KeyWriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "{Count} Withings dead letters replayed into the queue")]
    public static partial void Replayed(ILogger logger, int count);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "The Withings receiver store could not copy its write-ahead log back into the file; the log grows until a checkpoint succeeds")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Error, Message = "The Withings receiver store {Path} cannot write: its disk is full ({FreeBytes} bytes free). Notifications are refused with 503 (Withings retries them) until space is freed; nothing acknowledged is lost")]
    public static partial void DiskFull(ILogger logger, string path, long freeBytes);

    // A warning, as the error it ends: whoever watches for the one sees the other.
    [LoggerMessage(EventId = 1108, Level = LogLevel.Warning, Message = "The Withings receiver store {Path} is writable again ({FreeBytes} bytes free); notifications are accepted again, after being refused since {Since}")]
    public static partial void WritableAgain(ILogger logger, string path, long freeBytes, string since);

    [LoggerMessage(EventId = 1109, Level = LogLevel.Information, Message = "The Withings receiver store copies its write-ahead log back into the file again")]
    public static partial void CheckpointRecovered(ILogger logger);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Information, Message = "Withings receiver store {Path} upgraded from schema version {From} to {To}")]
    public static partial void Upgraded(ILogger logger, string path, int from, int to);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Warning, Message = "The Withings receiver store's write-ahead log {LogPath} is damaged ({Damage}); compare the counts of the next line with what was acknowledged")]
    public static partial void LogDamaged(ILogger logger, string logPath, string damage);

    [LoggerMessage(EventId = 1112, Level = LogLevel.Warning, Message = "Withings:Receiver:StoreRecovery is StartEmpty: the damaged store {Path} ({Damage}) was renamed to {MovedTo}, with its -wal and -shm, and an empty store started; what it held is not handled")]
    public static partial void MovedAside(ILogger logger, string path, string damage, string movedTo);
}
