namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Receives the user-profile notifications (appli 46: <c>unlink</c>, <c>delete</c>, <c>update</c>) the sync engine
/// reads, one at a time, from a new scope. After an <c>unlink</c> or <c>delete</c> returned, the engine forgets the
/// user's cursors (<see cref="IWithingsUserContextStore.ForgetAsync"/>) and tokens
/// (<see cref="IWithingsUserTokenStore.RemoveAsync"/>, when the token store is one). Throwing retries it, up to
/// <see cref="WithingsSyncOptions.Retry"/>, then dead-letters the notification and forgets nothing.
/// </summary>
public interface IWithingsProfileActionHandler
{
    /// <summary>Handles one profile notification.</summary>
    /// <param name="notification">The notification; <see cref="UserProfileNotification.Action"/> says what happened.</param>
    /// <param name="cancellationToken">Cancelled when the host stops for good.</param>
    /// <returns>A task that completes when it was acted on.</returns>
    Task HandleAsync(UserProfileNotification notification, CancellationToken cancellationToken);
}
