namespace Withings.Sdk;

/// <summary>
/// A token store that can also say which users it holds and forget one. Implement it on your
/// <see cref="IWithingsTokenStore"/> to let the subscription reconciler visit every user
/// (<c>AddSubscriptionReconciler</c>) and <see cref="IWithingsOAuthClient.RevokeAsync"/> remove a revoked pair. A
/// separate interface, so that stores written against <see cref="IWithingsTokenStore"/> keep compiling.
/// </summary>
public interface IWithingsUserTokenStore : IWithingsTokenStore
{
    /// <summary>Lists the users the store holds a token pair for.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The Withings user ids, in any order.</returns>
    Task<IReadOnlyList<long>> GetUserIdsAsync(CancellationToken cancellationToken);

    /// <summary>Forgets a user's token pair, for example after the user unlinked the application (appli 46) or after a revoke.</summary>
    /// <param name="userId">The Withings user id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes once the pair is gone; removing a user the store does not hold does nothing.</returns>
    Task RemoveAsync(long userId, CancellationToken cancellationToken);
}
