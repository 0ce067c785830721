using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore;

/// <summary>The durable store's log messages; never a body value.</summary>
internal static partial class StoreLog
{
    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Withings receiver store {Path} opened ({Durability}): {Queued} acknowledged notifications to handle again, {DeadLetters} dead letters")]
    public static partial void Opened(ILogger logger, string path, WithingsStoreDurability durability, int queued, int deadLetters);

    [LoggerMessage(EventId = 41, Level = LogLevel.Error, Message = "The Withings receiver store failed to commit {Count} changes")]
    public static partial void CommitFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 42, Level = LogLevel.Error, Message = "The Withings receiver store could not store an acknowledged notification; answering 503 so that Withings retries")]
    public static partial void EnqueueFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 43, Level = LogLevel.Error, Message = "The Withings receiver store holds {Count} dead letters or {Bytes} bytes of them, its limit: this dead letter ({Reason}) is only logged")]
    public static partial void DeadLettersFull(ILogger logger, int count, long bytes, WithingsDeadLetterReason reason);

    [LoggerMessage(EventId = 44, Level = LogLevel.Warning, Message = "The Withings receiver store could not record a duplicate-filter key; a retry after a restart may be handled twice")]
    public static partial void KeyWriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 45, Level = LogLevel.Information, Message = "{Count} Withings dead letters replayed into the queue")]
    public static partial void Replayed(ILogger logger, int count);

    [LoggerMessage(EventId = 46, Level = LogLevel.Warning, Message = "The Withings receiver store could not copy its write-ahead log back into the file; the log grows until the next checkpoint succeeds")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception);
}
