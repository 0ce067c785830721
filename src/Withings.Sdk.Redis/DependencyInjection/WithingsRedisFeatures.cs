namespace Withings.Sdk.Redis;

/// <summary>Which parts of the SDK <c>UseRedis</c> moves to Redis; each can be used alone.</summary>
[Flags]
public enum WithingsRedisFeatures
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>The receiver's queue (a Redis stream read by a consumer group) and its dead letters.</summary>
    Queue = 1,

    /// <summary>The receiver's duplicate filter (one atomic <c>SET NX</c> per notification).</summary>
    DuplicateFilter = 2,

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

    /// <summary>All five.</summary>
    All = Queue | DuplicateFilter | RateLimiter | RefreshLock | State,
}
