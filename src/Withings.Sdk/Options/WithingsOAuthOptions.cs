namespace Withings.Sdk;

/// <summary>How OAuth tokens are obtained and refreshed.</summary>
public sealed class WithingsOAuthOptions
{
    /// <summary>The default authorization page, <c>https://account.withings.com/oauth2_user/authorize2</c>.</summary>
    public static Uri DefaultAuthorizeEndpoint { get; } = new("https://account.withings.com/oauth2_user/authorize2");

    /// <summary>The page users are sent to to authorize the application; defaults to <see cref="DefaultAuthorizeEndpoint"/>.</summary>
    public Uri AuthorizeEndpoint { get; set; } = DefaultAuthorizeEndpoint;

    /// <summary>
    /// How long before its expiry an access token is refreshed instead of used. Default 5 minutes, so that a
    /// request never leaves with a token that dies on the way (access tokens live 3 hours).
    /// </summary>
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromMinutes(5);
}
