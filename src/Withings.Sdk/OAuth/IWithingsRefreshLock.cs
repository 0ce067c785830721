namespace Withings.Sdk;

/// <summary>
/// A per-user lock held around a token refresh, so that of several processes refreshing one user's pair at once
/// exactly one calls Withings, and the others wait and then read the refreshed pair from the shared
/// <see cref="IWithingsTokenStore"/>. Within one process, refreshes of a user are already collapsed into one.
/// </summary>
/// <remarks>
/// The default, <see cref="NoWithingsRefreshLock"/>, locks nothing: enough for a single process. A distributed lock
/// must expire on its own, so that a process that dies while holding it does not block the user for good.
/// </remarks>
public interface IWithingsRefreshLock
{
    /// <summary>Waits until this process holds the user's refresh lock.</summary>
    /// <param name="userId">The Withings user id.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The held lock; disposing it releases the lock.</returns>
    ValueTask<IAsyncDisposable> AcquireAsync(long userId, CancellationToken cancellationToken);
}
