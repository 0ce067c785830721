using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Withings.Sdk.Testing.Services;

/// <summary>
/// Withings' OAuth 2 and signature services (docs/withings-api.md §6) over in-memory users: access and refresh tokens,
/// single-use authorization codes, and nonces that serve once within 30 minutes. Signatures are checked with Withings'
/// algorithm written out here, independently of the SDK's signer, so a test of the SDK's signing proves something.
/// The caller holds the look-alike's lock.
/// </summary>
internal sealed class OAuthService
{
    private static readonly TimeSpan NonceLifetime = TimeSpan.FromMinutes(30);

    private readonly WithingsLookAlikeOptions _options;
    private readonly Dictionary<string, long> _accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _refreshTokens = new(StringComparer.Ordinal);
    private readonly HashSet<string> _revokedAccessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _unusedNonces = new(StringComparer.Ordinal);
    private readonly List<string> _issuedNonces = [];
    private int _issued;

    public OAuthService(WithingsLookAlikeOptions options) => _options = options;

    public IReadOnlyList<string> IssuedNonces => [.. _issuedNonces];

    public void AddUser(long userId, string accessToken, string refreshToken)
    {
        _accessTokens[accessToken] = userId;
        _refreshTokens[refreshToken] = userId;
        _revokedAccessTokens.Remove(accessToken);
    }

    public void AddAuthorizationCode(string code, long userId) => _codes[code] = userId;

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
        if (request.Field("client_id") == _options.ClientId && request.Field("client_secret") == _options.ClientSecret)
        {
            granted = request.Field("grant_type") switch
            {
                "refresh_token" => Take(_refreshTokens, request.Field("refresh_token")),
                "authorization_code" => Take(_codes, request.Field("code")),
                _ => null,
            };
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
            ["scope"] = "user.info,user.metrics,user.activity",
            ["csrf_token"] = "look-alike-csrf",
            ["token_type"] = "Bearer",
        });
    }

    private static long? Take(Dictionary<string, long> map, string? key) =>
        key is not null && map.TryGetValue(key, out var userId) && map.Remove(key) ? userId : null;

    private bool SignatureMatches(string? signature, string[] values) =>
        signature is not null && string.Equals(signature, Sign(values), StringComparison.OrdinalIgnoreCase);
}
