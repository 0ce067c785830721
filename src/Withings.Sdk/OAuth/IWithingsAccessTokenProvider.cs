namespace Withings.Sdk;

/// <summary>
/// Gives each user's valid access token to the SDK's clients (the data client, the subscription reconciler).
/// <see cref="WithingsAccessTokenProvider"/> is the default; replace it (register your own implementation after
/// <c>AddWithingsNotifications</c>) to take tokens from elsewhere, or substitute it in tests.
/// </summary>
/// <remarks>Implementations must be thread-safe: one instance serves the whole application.</remarks>
public interface IWithingsAccessTokenProvider
{
    /// <summary>Returns the user's access token, refreshed first when it is about to expire.</summary>
    /// <param name="userId">The Withings user id.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>An access token to send as <c>Authorization: Bearer</c>.</returns>
    Task<string> GetAccessTokenAsync(long userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns a new access token after Withings refused <paramref name="rejectedAccessToken"/> (an
    /// authentication-failed status), or the newer token when another caller already replaced it.
    /// </summary>
    /// <param name="userId">The Withings user id.</param>
    /// <param name="rejectedAccessToken">The access token Withings refused.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The new access token.</returns>
    Task<string> RefreshAsync(long userId, string rejectedAccessToken, CancellationToken cancellationToken = default);
}
