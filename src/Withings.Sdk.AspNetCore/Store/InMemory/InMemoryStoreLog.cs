using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore;

/// <summary>The in-memory store's log messages.</summary>
internal static partial class InMemoryStoreLog
{
    [LoggerMessage(EventId = 1120, Level = LogLevel.Error, Message = "The Withings in-memory store holds {Count} dead letters or {Bytes} bytes of them, its limit: this dead letter ({Reason}) is only logged")]
    public static partial void DeadLettersFull(ILogger logger, int count, long bytes, WithingsDeadLetterReason reason);
}
