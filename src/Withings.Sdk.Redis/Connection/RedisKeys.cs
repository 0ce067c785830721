namespace Withings.Sdk.Redis;

/// <summary>
/// The names of every key the package writes. All start with <c>{prefix}</c> in braces, a Redis Cluster hash tag, so
/// that the scripts touching several keys find them on one node.
/// </summary>
internal sealed record RedisKeys
{
    public RedisKeys(string prefix)
    {
        var root = "{" + prefix + "}:";
        Queue = root + "queue";
        QueueBytes = root + "queue:bytes";
        Heartbeats = root + "consumers";
        DeadLetters = root + "deadletters";
        DeadLetterIds = root + "deadletters:ids";
        RateLimit = root + "ratelimit";
        RateLimitHold = root + "ratelimit:hold";
        RateLimitWaiting = root + "ratelimit:waiting";
        DuplicatePrefix = root + "seen:";
        RefreshLockPrefix = root + "refresh:";
        UserStatePrefix = root + "user:";
        TokenPairs = root + "tokens";
        KeyRing = root + "dataprotection-keys";
        BackfillPrefix = root + "backfill:";
        Backfills = root + "backfills";
    }

    /// <summary>The consumer group every instance reads the queue with.</summary>
    public string Group { get; } = "receivers";

    public string Queue { get; }

    public string QueueBytes { get; }

    /// <summary>A hash: each reading instance's consumer name and its heartbeat, a value changed at each beat.</summary>
    public string Heartbeats { get; }

    public string DeadLetters { get; }

    public string DeadLetterIds { get; }

    public string RateLimit { get; }

    /// <summary>The end of the hold after status 601 (Unix milliseconds on the holder's clock), expiring by itself.</summary>
    public string RateLimitHold { get; }

    /// <summary>A hash: each priority class that waits for a permit, and until when it counts as waiting (Redis' clock, µs).</summary>
    public string RateLimitWaiting { get; }

    public string DuplicatePrefix { get; }

    public string RefreshLockPrefix { get; }

    /// <summary>A hash per user: the time zone (<c>tz</c>) and a cursor per category (<c>c:APPLI</c>).</summary>
    public string UserStatePrefix { get; }

    /// <summary>A hash of every user's encrypted token pair, by user id.</summary>
    public string TokenPairs { get; }

    /// <summary>The SDK's own Data Protection key ring (a list), when the application configured none.</summary>
    public string KeyRing { get; }

    /// <summary>A hash per user: the user's backfill job (<c>RedisBackfillStore</c>).</summary>
    public string BackfillPrefix { get; }

    /// <summary>A set of the user ids whose backfill has requests left.</summary>
    public string Backfills { get; }
}
