namespace Withings.Sdk.AspNetCore;

/// <summary>
/// What your application does when a user has linked their Withings account (the <c>OnUserLinked</c> event): typically
/// store <see cref="WithingsUserLinked.WithingsUserId"/> against your own user, since notifications name only the
/// Withings user. Resolved from the callback request's scope, so it can take your <c>DbContext</c>.
/// </summary>
/// <remarks>
/// It runs after the token pair is saved and the subscriptions are ensured, inside the callback request. When it
/// throws, the user sees an error page (status 500) and linking again repeats every step safely.
/// </remarks>
public interface IWithingsUserLinkedHandler
{
    /// <summary>Handles one completed link.</summary>
    /// <param name="linked">Who linked, which Withings user they are, and what was subscribed.</param>
    /// <param name="cancellationToken">Cancelled when the host stops, not when the user's browser goes away.</param>
    /// <returns>A task that completes when the link is recorded.</returns>
    Task HandleAsync(WithingsUserLinked linked, CancellationToken cancellationToken);
}
