namespace Withings.Sdk;

/// <summary>
/// A token store that can also delete a user's tokens. The sync engine calls it when Withings says the user unlinked
/// the application or deleted the account; a store that does not implement it keeps the tokens (they then fail
/// with an authentication error on their next use).
/// </summary>
public interface IWithingsTokenRemover
{
    /// <summary>Deletes the user's token pair, if there is one.</summary>
    /// <param name="userId">The Withings user id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the pair is gone.</returns>
    Task RemoveAsync(long userId, CancellationToken cancellationToken);
}
