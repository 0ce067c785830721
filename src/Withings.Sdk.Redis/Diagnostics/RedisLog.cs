using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Withings.Sdk.Redis;

/// <summary>The package's log messages. None carries a body, a token or the connection string.</summary>
internal static partial class RedisLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Redis is unreachable: the notification was refused (503), Withings will retry")]
    public static partial void EnqueueFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Reading the Redis queue failed; reading again in {Delay}")]
    public static partial void ReadFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Took over queue entry {EntryId}, left unacknowledged by a stopped or dead instance")]
    public static partial void Claimed(ILogger logger, RedisValue entryId);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Queue entry {EntryId} has no body; acknowledged and skipped")]
    public static partial void EmptyEntry(ILogger logger, RedisValue entryId);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "Reading the Redis queue as consumer {Consumer} of group {Group}")]
    public static partial void Reading(ILogger logger, string consumer, string group);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Redis is unreachable while taking the rate limit or refresh lock; waiting up to {Wait}")]
    public static partial void WaitingForRedis(ILogger logger, Exception exception, TimeSpan wait);
}
