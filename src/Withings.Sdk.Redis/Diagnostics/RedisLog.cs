using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Withings.Sdk.Redis;

/// <summary>The package's log messages. None carries a body, a token or the connection string.</summary>
internal static partial class RedisLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Warning, Message = "Redis is unreachable: the notification was refused (503), Withings will retry")]
    public static partial void EnqueueFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Reading the Redis queue failed; reading again in {Delay}")]
    public static partial void ReadFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Took over queue entry {EntryId} from consumer {Consumer}, which stopped or died (delivery {Delivery})")]
    public static partial void Claimed(ILogger logger, RedisValue entryId, string consumer, long delivery);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Queue entry {EntryId} has no body; acknowledged and skipped")]
    public static partial void EmptyEntry(ILogger logger, RedisValue entryId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Debug, Message = "Reading the Redis queue as consumer {Consumer} of group {Group}")]
    public static partial void Reading(ILogger logger, string consumer, string group);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Redis is unreachable while taking the rate limit or refresh lock; waiting up to {Wait}")]
    public static partial void WaitingForRedis(ILogger logger, Exception exception, TimeSpan wait);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "The hold after status 601 could not be written to Redis: only this instance holds for {Duration}")]
    public static partial void HoldNotShared(ILogger logger, Exception exception, TimeSpan duration);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Debug, Message = "A request waits {Wait} for the hold after status 601 (answered to this instance or another)")]
    public static partial void WaitingForHold(ILogger logger, TimeSpan wait);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Consumer {Consumer} is taken for dead, its heartbeat unchanged for {Timeout}: taking over the notifications it held")]
    public static partial void ConsumerDead(ILogger logger, string consumer, TimeSpan timeout);

    [LoggerMessage(EventId = 2018, Level = LogLevel.Information, Message = "Consumer {Consumer} stopped: taking over the notifications it left")]
    public static partial void ConsumerStopped(ILogger logger, string consumer);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information, Message = "Took back queue entry {EntryId}, read by this consumer and left unacknowledged (a previous run, or an acknowledgement that failed; delivery {Delivery})")]
    public static partial void TookBack(ILogger logger, RedisValue entryId, long delivery);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "Queue entry {EntryId} was handed out {Deliveries} times and never acknowledged, each holder stopping or dying first: dead-lettered (reason DeliveryLimit) instead of handed out again")]
    public static partial void DeliveryLimit(ILogger logger, RedisValue entryId, long deliveries);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Warning, Message = "Writing this instance's heartbeat failed; other instances take it for dead after {Timeout} without one")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception, TimeSpan timeout);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Information, Message = "This instance's heartbeat is written again")]
    public static partial void HeartbeatResumed(ILogger logger);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Warning, Message = "Another instance took this one ({Consumer}) for dead, its heartbeat late by more than {Timeout}: notifications it held may be handled twice")]
    public static partial void TakenForDead(ILogger logger, string consumer, TimeSpan timeout);

    [LoggerMessage(EventId = 2016, Level = LogLevel.Error, Message = "Another running instance writes heartbeats as consumer {Consumer}: Withings:Redis:ConsumerName must be unique among running instances")]
    public static partial void ConsumerNameShared(ILogger logger, string consumer);

    [LoggerMessage(EventId = 2017, Level = LogLevel.Error, Message = "Dead-lettering queue entry {EntryId} failed; it stays in this instance's hands and is tried again")]
    public static partial void DeliveryLimitFailed(ILogger logger, Exception exception, RedisValue entryId);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Warning, Message = "Forgetting the duplicate key of a handed-out Withings notification (appli {Appli}) failed; the same body is absorbed until the key expires")]
    public static partial void ForgetFailed(ILogger logger, Exception exception, int appli);
}
