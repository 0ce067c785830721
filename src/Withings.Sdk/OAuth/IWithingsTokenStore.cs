namespace Withings.Sdk;

/// <summary>
/// Where your application keeps each user's <see cref="WithingsTokenPair"/> (a database table, a secret store).
/// The SDK reads the pair before each request and saves the new pair at each refresh.
/// </summary>
/// <remarks>
/// <see cref="SaveAsync"/> must have stored the pair durably when it returns: the SDK uses a refreshed access token
/// only after that, because Withings invalidates the previous refresh token as soon as the new access token is used.
/// When saving throws, the new pair is not used, and the previous refresh token keeps working for a few hours.
/// Implementations must be thread-safe. <see cref="InMemoryWithingsTokenStore"/> is the default of this package alone;
/// the receiver (Withings.Sdk.AspNetCore) replaces it with pairs encrypted in its store file, or in Redis with
/// <c>UseRedis</c>.
/// </remarks>
public interface IWithingsTokenStore
{
    /// <summary>Reads a user's token pair.</summary>
    /// <param name="userId">The Withings user id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The pair, or <see langword="null"/> when the user has none.</returns>
    Task<WithingsTokenPair?> GetAsync(long userId, CancellationToken cancellationToken);

    /// <summary>Stores a user's new token pair in place of the previous one (<see cref="WithingsTokenPair.UserId"/>).</summary>
    /// <param name="tokens">The new pair.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes once the pair is stored durably.</returns>
    Task SaveAsync(WithingsTokenPair tokens, CancellationToken cancellationToken);
}
