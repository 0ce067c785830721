using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Withings.Sdk.Tests.Support;

/// <summary>
/// Withings' Notify, OAuth and signature services as state behind a <see cref="LoopbackWithingsServer"/>: users
/// with access and refresh tokens, their subscriptions, nonces handed out by <c>getnonce</c>. Signatures are
/// checked with Withings' algorithm written out here (HMAC-SHA256 keyed with the client secret over the
/// comma-joined values of action, client_id and nonce or timestamp), independently of the SDK's own code.
/// </summary>
public sealed class NotifyLookAlike
{
    public const string ClientId = Harness.ClientId;
    public const string ClientSecret = Harness.ClientSecret;

    private readonly object _gate = new();
    private readonly Dictionary<string, long> _accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _refreshTokens = new(StringComparer.Ordinal);
    private readonly List<(long UserId, int Appli, string CallbackUrl, string Comment)> _subscriptions = [];
    private readonly Dictionary<string, long> _codes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unusedNonces = new(StringComparer.Ordinal);
    private readonly List<string> _issuedNonces = [];
    private readonly List<(string Action, int Appli, DateTimeOffset At)> _subscribeLog = [];
    private readonly TimeProvider _clock;
    private int _callbackCheckFailures;
    private int _tokenCounter;

    public NotifyLookAlike(TimeProvider? clock = null) => _clock = clock ?? TimeProvider.System;

    /// <summary>Every nonce handed out by getnonce, in order.</summary>
    public IReadOnlyList<string> IssuedNonces
    {
        get
        {
            lock (_gate)
            {
                return [.. _issuedNonces];
            }
        }
    }

    /// <summary>When each subscribe arrived, by the look-alike's clock.</summary>
    public IReadOnlyList<DateTimeOffset> SubscribeTimes
    {
        get
        {
            lock (_gate)
            {
                return [.. _subscribeLog.Select(s => s.At)];
            }
        }
    }

    /// <summary>Adds a user with a working token pair.</summary>
    public void AddUser(long userId, string accessToken, string refreshToken)
    {
        lock (_gate)
        {
            _accessTokens[accessToken] = userId;
            _refreshTokens[refreshToken] = userId;
        }
    }

    /// <summary>An authorization code the user brings back from Withings' authorization page (single use).</summary>
    public void AddAuthorizationCode(string code, long userId)
    {
        lock (_gate)
        {
            _codes[code] = userId;
        }
    }

    /// <summary>Kills every token of a user, as when the user revoked the app on Withings' side.</summary>
    public void KillTokens(long userId)
    {
        lock (_gate)
        {
            foreach (var token in _accessTokens.Where(t => t.Value == userId).Select(t => t.Key).ToList())
            {
                _accessTokens.Remove(token);
            }

            foreach (var token in _refreshTokens.Where(t => t.Value == userId).Select(t => t.Key).ToList())
            {
                _refreshTokens.Remove(token);
            }
        }
    }

    /// <summary>Adds a subscription directly, as if made earlier.</summary>
    public void AddSubscription(long userId, int appli, string callbackUrl, string comment = "earlier")
    {
        lock (_gate)
        {
            _subscriptions.Add((userId, appli, callbackUrl, comment));
        }
    }

    /// <summary>Drops a subscription, as Withings does after deliveries kept failing.</summary>
    public void Drop(long userId, int appli)
    {
        lock (_gate)
        {
            _subscriptions.RemoveAll(s => s.UserId == userId && s.Appli == appli);
        }
    }

    /// <summary>The next <paramref name="times"/> subscribes fail Withings' HEAD check of the callback URL (status 293).</summary>
    public void FailCallbackCheck(int times)
    {
        lock (_gate)
        {
            _callbackCheckFailures = times;
        }
    }

    public IReadOnlyList<(int Appli, string CallbackUrl)> SubscriptionsOf(long userId)
    {
        lock (_gate)
        {
            return [.. _subscriptions.Where(s => s.UserId == userId).Select(s => (s.Appli, s.CallbackUrl))];
        }
    }

    public bool HasTokens(long userId)
    {
        lock (_gate)
        {
            return _accessTokens.ContainsValue(userId) || _refreshTokens.ContainsValue(userId);
        }
    }

    /// <summary>Withings' signature: lowercase hex HMAC-SHA256 of the values joined by commas, keyed with the client secret.</summary>
    public static string Sign(params string[] values)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(ClientSecret));
        return Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(string.Join(",", values)))).ToLowerInvariant();
    }

    public string Reply(ApiCall call)
    {
        lock (_gate)
        {
            return (call.Path, call.Form.GetValueOrDefault("action")) switch
            {
                ("/v2/signature", "getnonce") => GetNonce(call),
                ("/v2/oauth2", "revoke") => RevokeAccess(call),
                ("/v2/oauth2", "requesttoken") => RequestToken(call),
                ("/notify", _) when call.Form.ContainsKey("signature") => SignedSubscribe(call),
                ("/notify", var action) => Notify(call, action),
                _ => Status(2554),
            };
        }
    }

    private string GetNonce(ApiCall call)
    {
        var timestamp = call.Form.GetValueOrDefault("timestamp") ?? string.Empty;
        if (call.Form.GetValueOrDefault("client_id") != ClientId
            || call.Form.GetValueOrDefault("signature") != Sign("getnonce", ClientId, timestamp))
        {
            return Status(342);
        }

        var nonce = Guid.NewGuid().ToString("N");
        _unusedNonces.Add(nonce);
        _issuedNonces.Add(nonce);
        return Ok(new { nonce });
    }

    // A signed call is valid once: its nonce must come from getnonce and never have been used.
    private bool CheckSignature(ApiCall call)
    {
        var nonce = call.Form.GetValueOrDefault("nonce") ?? string.Empty;
        var action = call.Form.GetValueOrDefault("action") ?? string.Empty;
        return call.Form.GetValueOrDefault("client_id") == ClientId
            && call.Form.GetValueOrDefault("signature") == Sign(action, ClientId, nonce)
            && _unusedNonces.Remove(nonce)
            && call.BearerToken is null;
    }

    private string RevokeAccess(ApiCall call)
    {
        if (!CheckSignature(call))
        {
            return Status(342);
        }

        var userId = long.Parse(call.Form["userid"], CultureInfo.InvariantCulture);
        _subscriptions.RemoveAll(s => s.UserId == userId);
        foreach (var token in _accessTokens.Where(t => t.Value == userId).Select(t => t.Key).ToList())
        {
            _accessTokens.Remove(token);
        }

        foreach (var token in _refreshTokens.Where(t => t.Value == userId).Select(t => t.Key).ToList())
        {
            _refreshTokens.Remove(token);
        }

        return Ok(new { });
    }

    private string RequestToken(ApiCall call)
    {
        var refresh = call.Form.GetValueOrDefault("refresh_token") ?? string.Empty;
        var code = call.Form.GetValueOrDefault("code") ?? string.Empty;
        var granted = call.Form.GetValueOrDefault("grant_type") switch
        {
            "refresh_token" => _refreshTokens.Remove(refresh, out var refreshed) ? refreshed : (long?)null,
            "authorization_code" => _codes.Remove(code, out var linked) ? linked : null,
            _ => null,
        };
        if (call.Form.GetValueOrDefault("client_secret") != ClientSecret || granted is not long userId)
        {
            return Status(503);
        }

        var n = ++_tokenCounter;
        var access = "at-refreshed-" + n.ToString(CultureInfo.InvariantCulture);
        var newRefresh = "rt-refreshed-" + n.ToString(CultureInfo.InvariantCulture);
        _accessTokens[access] = userId;
        _refreshTokens[newRefresh] = userId;
        return Ok(new { userid = userId.ToString(CultureInfo.InvariantCulture), access_token = access, refresh_token = newRefresh, expires_in = 10800, scope = "user.metrics", token_type = "Bearer" });
    }

    private string SignedSubscribe(ApiCall call)
    {
        if (call.Form.GetValueOrDefault("action") != "subscribe" || call.Form.GetValueOrDefault("appli") != "53")
        {
            return Status(2554);
        }

        if (!CheckSignature(call))
        {
            return Status(342);
        }

        _subscriptions.Add((0, 53, call.Form["callbackurl"], call.Form.GetValueOrDefault("comment") ?? string.Empty));
        return Ok(new { });
    }

    private string Notify(ApiCall call, string? action)
    {
        if (call.BearerToken is null || !_accessTokens.TryGetValue(call.BearerToken, out var userId))
        {
            return Status(401);
        }

        var appli = call.Form.TryGetValue("appli", out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : (int?)null;
        switch (action)
        {
            case "list":
                var profiles = _subscriptions
                    .Where(s => s.UserId == userId && (appli is null || s.Appli == appli))
                    .Select(s => new { appli = s.Appli, callbackurl = s.CallbackUrl, comment = s.Comment, expires = 2147483647 });
                return Ok(new { profiles });
            case "subscribe":
                _subscribeLog.Add(("subscribe", appli ?? 0, _clock.GetUtcNow()));
                if (_callbackCheckFailures > 0)
                {
                    _callbackCheckFailures--;
                    return Status(293);
                }

                _subscriptions.Add((userId, appli ?? 0, call.Form["callbackurl"], call.Form.GetValueOrDefault("comment") ?? string.Empty));
                return Ok(new { });
            case "revoke":
                var removed = _subscriptions.RemoveAll(s => s.UserId == userId && s.CallbackUrl == call.Form["callbackurl"] && (appli is null || s.Appli == appli));
                return removed > 0 ? Ok(new { }) : Status(286);
            default:
                return Status(2554);
        }
    }

    private static string Ok(object body) => JsonSerializer.Serialize(new { status = 0, body });

    private static string Status(int status) => JsonSerializer.Serialize(new { status, body = new { } });
}
