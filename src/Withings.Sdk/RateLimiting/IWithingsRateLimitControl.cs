using System.Threading.RateLimiting;

namespace Withings.Sdk;

/// <summary>
/// What the SDK needs from the application-wide rate limit beyond a <see cref="RateLimiter"/>'s permits: waiting by
/// <see cref="WithingsRequestPriority"/> (token refreshes first, backfill last) and holding every request after
/// Withings answered status 601. The in-process <see cref="WithingsRateLimiter"/> and the Redis package's shared
/// limiter implement it; the SDK resolves it from dependency injection and sends every request through it.
/// </summary>
/// <remarks>
/// A <see cref="RateLimiter"/> of your own registered with <c>WithingsBuilder.UseRateLimiter</c> that does not
/// implement this interface still gets the 601 hold (the SDK keeps it in front of your limiter, for this process),
/// but its waiters are served in your limiter's own order, whatever their priority.
/// </remarks>
public interface IWithingsRateLimitControl
{
    /// <summary>
    /// Waits for one permit in <paramref name="priority"/>'s class: no permit goes to a lower class while a higher
    /// one waits, and none to anyone while a hold is in force.
    /// </summary>
    /// <param name="priority">The class to wait in; the SDK passes <see cref="WithingsPriorityScope.Current"/>.</param>
    /// <param name="cancellationToken">Leaves the queue.</param>
    /// <returns>The lease, to dispose once the request is done; not acquired when the limiter was disposed.</returns>
    ValueTask<RateLimitLease> AcquireAsync(WithingsRequestPriority priority, CancellationToken cancellationToken);

    /// <summary>
    /// Grants nothing for <paramref name="duration"/> from now, to anyone sharing the limit (a hold in force that
    /// ends later is kept): Withings answered 601, so the application's quota is spent whatever was counted. Never
    /// throws for a failure to share the hold: the hold then applies to this process at least.
    /// </summary>
    /// <param name="duration">How long to hold; nothing happens when it is not positive.</param>
    /// <param name="cancellationToken">Cancels the sharing of the hold (this process holds anyway).</param>
    /// <returns>A task that completes once the hold is in force.</returns>
    ValueTask HoldAsync(TimeSpan duration, CancellationToken cancellationToken);
}
