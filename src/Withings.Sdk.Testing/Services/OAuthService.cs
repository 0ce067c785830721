using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Withings.Sdk.Testing.Services;

/// <summary>
/// Withings' OAuth 2 and signature services (docs/withings-api.md §6) over in-memory users: the authorization page,
/// access and refresh tokens, single-use authorization codes, and nonces that serve once within 30 minutes. Signatures
/// are checked with Withings' algorithm written out here, independently of the SDK's signer, so a test of the SDK's
/// signing proves something. The caller holds the look-alike's lock.
/// </summary>
internal sealed class OAuthService
{
    public const string AuthorizePath = "/oauth2_user/authorize2";

    private const string DefaultScope = "user.info,user.metrics,user.activity";
    private static readonly TimeSpan NonceLifetime = TimeSpan.FromMinutes(30);

    // Withings: "the authorization code is only valid for 30 seconds".
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromSeconds(30);

    private readonly WithingsLookAlikeOptions _options;
    private readonly Dictionary<string, long> _accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _refreshTokens = new(StringComparer.Ordinal);
    private readonly HashSet<string> _revokedAccessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IssuedCode> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _unusedNonces = new(StringComparer.Ordinal);
    private readonly List<string> _issuedNonces = [];
    private int _issued;
    private int _refusals;

    public OAuthService(WithingsLookAlikeOptions options) => _options = options;

    public IReadOnlyList<string> IssuedNonces => [.. _issuedNonces];

    public void AddUser(long userId, string accessToken, string refreshToken)
    {
        _accessTokens[accessToken] = userId;
        _refreshTokens[refreshToken] = userId;
        _revokedAccessTokens.Remove(accessToken);
    }

    public void AddAuthorizationCode(string code, long userId) => _codes[code] = new IssuedCode(userId, RedirectUri: null, Scope: null, ExpiresAt: null);

    public void RefuseNextAuthorization() => _refusals++;

    /// <summary>
    /// The authorization page: the user consents at once (or refuses, after <see cref="RefuseNextAuthorization"/>) and
    /// is sent back to <c>redirect_uri</c> with <c>code</c> and <c>state</c> (or <c>error=access_denied</c> and
    /// <c>state</c>). A request Withings would not redirect (an unknown client, no redirect URI) gets a problem instead.
    /// </summary>
    public AuthorizeOutcome Authorize(WithingsRequest request)
    {
        var redirect = request.Field("redirect_uri");
        var state = request.Field("state");
        var scope = request.Field("scope");
        var problem = request.Field("response_type") != "code" ? "response_type must be code"
            : request.Field("client_id") != _options.ClientId ? "unknown client_id"
            : !Uri.TryCreate(redirect, UriKind.Absolute, out var target) || (target.Scheme != Uri.UriSchemeHttps && target.Scheme != Uri.UriSchemeHttp) ? "redirect_uri must be an absolute http(s) URL"
            : string.IsNullOrEmpty(scope) ? "scope is required"
            : string.IsNullOrEmpty(state) ? "state is required"
            : request.Field("mode") is { } mode && mode != "demo" ? "mode must be demo or absent"
            : null;
        if (problem is not null)
        {
            return new AuthorizeOutcome(null, problem);
        }

        string query;
        if (_refusals > 0)
        {
            _refusals--;
            query = "error=access_denied";
        }
        else
        {
            var code = Guid.NewGuid().ToString("N");
            var userId = request.Field("mode") == "demo" ? _options.DemoUserId : _options.DefaultUserId;
            _codes[code] = new IssuedCode(userId, redirect, scope, _options.TimeProvider.GetUtcNow() + CodeLifetime);
            query = "code=" + code;
        }

        var separator = redirect!.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return new AuthorizeOutcome(new Uri(redirect + separator + query + "&state=" + Uri.EscapeDataString(state!)), null);
    }

    public bool HasTokens(long userId) => _accessTokens.ContainsValue(userId) || _refreshTokens.ContainsValue(userId);

    public void RevokeTokens(long userId)
    {
        foreach (var token in _accessTokens.Where(t => t.Value == userId).Select(t => t.Key).ToList())
        {
            _accessTokens.Remove(token);
            _revokedAccessTokens.Add(token);
        }

        foreach (var token in _refreshTokens.Where(t => t.Value == userId).Select(t => t.Key).ToList())
        {
            _refreshTokens.Remove(token);
        }
    }

    /// <summary>The user a bearer token belongs to, or null when the token does not work.</summary>
    public long? UserOf(string? bearerToken)
    {
        if (string.IsNullOrEmpty(bearerToken) || _revokedAccessTokens.Contains(bearerToken!))
        {
            return null;
        }

        if (_accessTokens.TryGetValue(bearerToken!, out var userId))
        {
            return userId;
        }

        return _options.AcceptAnyAccessToken ? _options.DefaultUserId : null;
    }

    /// <summary>Lowercase hex HMAC-SHA256 of the values joined by commas, keyed with the client secret.</summary>
    public string Sign(IEnumerable<string> values)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(_options.ClientSecret));
        var hash = hmac.ComputeHash(Encoding.UTF8.GetBytes(string.Join(",", values)));
        return string.Concat(hash.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    public WithingsReply GetNonce(WithingsRequest request)
    {
        var timestamp = request.Field("timestamp") ?? string.Empty;
        if (request.Field("client_id") != _options.ClientId
            || !SignatureMatches(request.Field("signature"), ["getnonce", _options.ClientId, timestamp]))
        {
            return WithingsReply.Status(342, "Invalid signature");
        }

        var nonce = Guid.NewGuid().ToString("N");
        _unusedNonces[nonce] = _options.TimeProvider.GetUtcNow() + NonceLifetime;
        _issuedNonces.Add(nonce);
        return WithingsReply.Ok(new JsonObject { ["nonce"] = nonce });
    }

    /// <summary>A signed call is valid once: its nonce must come from getnonce, be unused and unexpired.</summary>
    public bool CheckSignedCall(WithingsRequest request)
    {
        var nonce = request.Field("nonce") ?? string.Empty;
        var valid = request.Field("client_id") == _options.ClientId
            && SignatureMatches(request.Field("signature"), [request.Action, _options.ClientId, nonce])
            && _unusedNonces.TryGetValue(nonce, out var expires)
            && expires > _options.TimeProvider.GetUtcNow();
        if (valid)
        {
            _unusedNonces.Remove(nonce);
        }

        return valid;
    }

    public WithingsReply RequestToken(WithingsRequest request)
    {
        long? granted = null;
        string? scope = null;
        if (request.Field("client_id") == _options.ClientId && request.Field("client_secret") == _options.ClientSecret)
        {
            switch (request.Field("grant_type"))
            {
                case "refresh_token":
                    granted = Take(_refreshTokens, request.Field("refresh_token"));
                    break;
                case "authorization_code" when TakeCode(request.Field("code"), request.Field("redirect_uri")) is { } code:
                    granted = code.UserId;
                    scope = code.Scope;
                    break;
            }
        }

        if (granted is not long userId)
        {
            // docs/withings-api.md §6: a bad code or refresh token gives 503.
            return WithingsReply.Status(503, "Invalid Params: invalid code, refresh token or client");
        }

        var n = (++_issued).ToString(CultureInfo.InvariantCulture);
        var access = "look-alike-access-" + n;
        var refresh = "look-alike-refresh-" + n;
        AddUser(userId, access, refresh);
        return WithingsReply.Ok(new JsonObject
        {
            ["userid"] = userId.ToString(CultureInfo.InvariantCulture),
            ["access_token"] = access,
            ["refresh_token"] = refresh,
            ["expires_in"] = 10800,
            ["scope"] = scope ?? DefaultScope,
            ["csrf_token"] = "look-alike-csrf",
            ["token_type"] = "Bearer",
        });
    }

    private static long? Take(Dictionary<string, long> map, string? key) =>
        key is not null && map.TryGetValue(key, out var userId) && map.Remove(key) ? userId : null;

    // A code works once, within its 30 seconds, and only with the redirect URI it was issued for (as in OAuth 2).
    private IssuedCode? TakeCode(string? code, string? redirectUri)
    {
        if (code is null || !_codes.TryGetValue(code, out var issued))
        {
            return null;
        }

        _codes.Remove(code);
        var expired = issued.ExpiresAt is { } expiresAt && _options.TimeProvider.GetUtcNow() >= expiresAt;
        var otherRedirect = issued.RedirectUri is not null && !string.Equals(issued.RedirectUri, redirectUri, StringComparison.Ordinal);
        return expired || otherRedirect ? null : issued;
    }

    private bool SignatureMatches(string? signature, string[] values) =>
        signature is not null && string.Equals(signature, Sign(values), StringComparison.OrdinalIgnoreCase);

    private sealed record IssuedCode(long UserId, string? RedirectUri, string? Scope, DateTimeOffset? ExpiresAt);
}
