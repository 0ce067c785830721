namespace Withings.Sdk.Redis;

/// <summary>Which parts of the SDK <c>UseRedis</c> moves to Redis; each can be used alone.</summary>
[Flags]
public enum WithingsRedisFeatures
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>
    /// The receiver store: its queue (a Redis stream read by a consumer group), the duplicate keys (checked and set by
    /// the same script that appends) and the dead letters.
    /// </summary>
    ReceiverStore = 1,

    /// <summary>The application-wide Withings rate limit, shared by every instance.</summary>
    RateLimiter = 4,

    /// <summary>The per-user lock around token refresh, so that one instance refreshes and the others wait.</summary>
    RefreshLock = 8,

    /// <summary>
    /// Users' state: token pairs (encrypted with ASP.NET Core Data Protection, with its key ring in Redis too unless
    /// the application configured its own) and the sync engine's time zones and cursors, as the defaults of
    /// <c>IWithingsTokenStore</c> and <c>IWithingsUserContextStore</c>. Stores you register yourself still win.
    /// </summary>
    State = 16,

    /// <summary>All four.</summary>
    All = ReceiverStore | RateLimiter | RefreshLock | State,
}
