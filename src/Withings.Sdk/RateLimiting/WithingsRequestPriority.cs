namespace Withings.Sdk;

/// <summary>
/// The class a Withings request waits in for its rate-limit permit: when permits are short, every waiter of a class
/// is served before any waiter of the classes below it, and waiters of one class first come, first served. Set it
/// around your calls with <see cref="WithingsPriorityScope.Enter"/>; requests sent outside any scope are
/// <see cref="Live"/>.
/// </summary>
/// <remarks>
/// A permit already granted is not taken back: a waiting live request is delayed by at most the one lower-class
/// permit granted before it started to wait. Lower classes can wait indefinitely while the higher ones use the whole
/// budget; that is the point.
/// </remarks>
public enum WithingsRequestPriority
{
    /// <summary>
    /// A token refresh, which the SDK sends in this class by itself: the requests queued for that user need the new
    /// token, so it goes ahead of every other class.
    /// </summary>
    TokenRefresh = 0,

    /// <summary>Fetches for notifications that just arrived, and any request sent outside a scope (the default).</summary>
    Live = 1,

    /// <summary>The next pages of a result that stopped at the page cap: data already announced, read on in turn.</summary>
    Continuation = 2,

    /// <summary>The subscription reconciler's checks, which can wait for the live work.</summary>
    Reconciliation = 3,

    /// <summary>Fetches of a user's history: only the budget the other classes leave.</summary>
    Backfill = 4,
}
