using System.Globalization;

namespace Withings.Sdk;

/// <summary>
/// A user's OAuth tokens: the access token (valid 3 hours) and the refresh token that replaces it. Withings rotates
/// the refresh token at every refresh, so the newest pair is the only one worth keeping.
/// </summary>
/// <remarks><see cref="ToString"/> never prints the tokens.</remarks>
public sealed record WithingsTokenPair
{
    /// <summary>Creates a token pair.</summary>
    /// <param name="userId">The Withings user the tokens belong to.</param>
    /// <param name="accessToken">The access token, sent as <c>Authorization: Bearer</c>.</param>
    /// <param name="refreshToken">The refresh token.</param>
    /// <param name="expiresAt">When the access token stops working.</param>
    /// <param name="scope">The scopes the user granted, comma separated, for example <c>user.info,user.metrics</c>.</param>
    /// <exception cref="ArgumentException">A token is null or empty.</exception>
    public WithingsTokenPair(long userId, string accessToken, string refreshToken, DateTimeOffset expiresAt, string? scope = null)
    {
        if (string.IsNullOrEmpty(accessToken))
        {
            throw new ArgumentException("accessToken: required, and must not be empty.", nameof(accessToken));
        }

        if (string.IsNullOrEmpty(refreshToken))
        {
            throw new ArgumentException("refreshToken: required, and must not be empty.", nameof(refreshToken));
        }

        UserId = userId;
        AccessToken = accessToken;
        RefreshToken = refreshToken;
        ExpiresAt = expiresAt;
        Scope = scope ?? string.Empty;
    }

    /// <summary>The Withings user the tokens belong to.</summary>
    public long UserId { get; }

    /// <summary>The access token. Secret: never log it.</summary>
    public string AccessToken { get; }

    /// <summary>The refresh token. Secret: never log it.</summary>
    public string RefreshToken { get; }

    /// <summary>When the access token stops working.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>The scopes the user granted, comma separated; empty when Withings did not say.</summary>
    public string Scope { get; }

    /// <summary>Describes the pair without its tokens.</summary>
    /// <returns>For example <c>WithingsTokenPair { UserId = 363, ExpiresAt = 2020-07-08T03:00:00.0000000+00:00, Scope = user.metrics, AccessToken = ***, RefreshToken = *** }</c>.</returns>
    public override string ToString() =>
        "WithingsTokenPair { UserId = " + UserId.ToString(CultureInfo.InvariantCulture)
        + ", ExpiresAt = " + ExpiresAt.ToString("O", CultureInfo.InvariantCulture)
        + ", Scope = " + Scope + ", AccessToken = ***, RefreshToken = *** }";
}
