namespace Withings.Sdk;

/// <summary>
/// Withings OAuth 2: the authorization URL users are sent to, the exchange of the code they come back with, and
/// refreshes (<c>POST /v2/oauth2 action=requesttoken</c>). Every new pair is saved to the
/// <see cref="IWithingsTokenStore"/> before it is returned.
/// </summary>
public interface IWithingsOAuthClient
{
    /// <summary>
    /// Builds the URL of Withings' authorization page:
    /// <c>https://account.withings.com/oauth2_user/authorize2?response_type=code&amp;client_id=…&amp;scope=…&amp;redirect_uri=…&amp;state=…</c>.
    /// </summary>
    /// <param name="scopes">The scopes to ask for, for example <see cref="WithingsScopes.UserMetrics"/>; sent comma separated.</param>
    /// <param name="redirectUri">Where Withings sends the user back with <c>code</c> and <c>state</c>; one of the application's registered callback URLs, sent exactly as given.</param>
    /// <param name="state">A value you check when the user comes back, so that the redirect cannot be forged.</param>
    /// <returns>The URL.</returns>
    /// <exception cref="ArgumentException">No scope, an empty scope, a relative redirect URI or an empty state.</exception>
    /// <exception cref="InvalidOperationException"><c>Withings:ClientId</c> is not configured.</exception>
    Uri GetAuthorizeUrl(IEnumerable<string> scopes, Uri redirectUri, string state);

    /// <summary>
    /// Exchanges the authorization code the user came back with (valid 30 seconds) for a token pair, and saves it.
    /// </summary>
    /// <param name="code">The <c>code</c> query parameter of the redirect.</param>
    /// <param name="redirectUri">The same redirect URI as in the authorization URL.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user's new pair, already saved.</returns>
    /// <exception cref="WithingsApiException">Withings refused the code (status 503 for a bad or expired code).</exception>
    /// <exception cref="InvalidOperationException"><c>Withings:ClientId</c> or <c>Withings:ClientSecret</c> is not configured.</exception>
    Task<WithingsTokenPair> ExchangeCodeAsync(string code, Uri redirectUri, CancellationToken cancellationToken = default);

    /// <summary>
    /// Refreshes a token pair and saves the new one before returning it: Withings rotates the refresh token, and the
    /// old one dies once the new access token is used.
    /// </summary>
    /// <param name="refreshToken">The current refresh token.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new pair, already saved.</returns>
    /// <exception cref="WithingsApiException">Withings refused the refresh token (status 503 for a bad one).</exception>
    /// <exception cref="InvalidOperationException"><c>Withings:ClientId</c> or <c>Withings:ClientSecret</c> is not configured.</exception>
    Task<WithingsTokenPair> RefreshAsync(string refreshToken, CancellationToken cancellationToken = default);

    /// <summary>
    /// Revokes the application's access to a user's data (<c>POST /v2/oauth2 action=revoke</c>, a signed call with
    /// <c>client_id</c>, a fresh <c>nonce</c> and <c>signature</c>): the user's access and refresh tokens stop working
    /// and Withings ends all of the user's notification subscriptions. The pair is then removed from the token store
    /// when it implements <see cref="IWithingsUserTokenStore"/>.
    /// </summary>
    /// <param name="userId">The Withings user id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once Withings revoked the access and the pair is forgotten.</returns>
    /// <exception cref="WithingsApiException">Withings refused (for example 342: invalid signature) or did not answer.</exception>
    /// <exception cref="InvalidOperationException"><c>Withings:ClientId</c> or <c>Withings:ClientSecret</c> is not configured.</exception>
    Task RevokeAsync(long userId, CancellationToken cancellationToken = default);
}
