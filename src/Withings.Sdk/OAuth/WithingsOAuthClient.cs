using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Withings.Sdk.Internal.Wire;

namespace Withings.Sdk;

/// <summary>
/// Withings OAuth 2 over the SDK's HTTP stack (same error mapping, retries and rate limit as every other call).
/// Thread-safe. Register it with <c>AddWithingsNotifications</c>; construct it yourself only in tests.
/// </summary>
public sealed class WithingsOAuthClient : IWithingsOAuthClient
{
    private const string TokenPath = "/v2/oauth2";
    private const string Operation = "oauth2/requesttoken";
    private const string RevokeOperation = "oauth2/revoke";

    private readonly WithingsHttpTransport _transport;
    private readonly RequestSigner _signer;
    private readonly IWithingsTokenStore _tokenStore;
    private readonly IOptionsMonitor<WithingsOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates the client.</summary>
    /// <param name="httpClient">The client requests go through (the SDK's handlers, such as the rate limit, are on it when it comes from DI).</param>
    /// <param name="tokenStore">Where new pairs are saved.</param>
    /// <param name="options">The client id and secret, API address and retry settings, read at each call.</param>
    /// <param name="timeProvider">The clock expiries are computed with; the system clock when <see langword="null"/>.</param>
    /// <param name="logger">The logger; it never receives a token or the secret.</param>
    public WithingsOAuthClient(
        HttpClient httpClient,
        IWithingsTokenStore tokenStore,
        IOptionsMonitor<WithingsOptions> options,
        TimeProvider? timeProvider = null,
        ILogger<WithingsOAuthClient>? logger = null)
    {
        _tokenStore = tokenStore ?? throw new ArgumentNullException(nameof(tokenStore));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _transport = new WithingsHttpTransport(httpClient, () => _options.CurrentValue, _timeProvider, _logger);
        _signer = new RequestSigner(_transport, _timeProvider);
    }

    /// <inheritdoc/>
    public Uri GetAuthorizeUrl(IEnumerable<string> scopes, Uri redirectUri, string state)
    {
        if (scopes is null)
        {
            throw new ArgumentNullException(nameof(scopes));
        }

        if (redirectUri is null)
        {
            throw new ArgumentNullException(nameof(redirectUri));
        }

        if (!redirectUri.IsAbsoluteUri)
        {
            throw new ArgumentException("redirectUri: must be an absolute URL registered as a callback of the application.", nameof(redirectUri));
        }

        if (string.IsNullOrEmpty(state))
        {
            throw new ArgumentException("state: required; use a random value you check when the user comes back.", nameof(state));
        }

        var scopeList = new List<string>();
        foreach (var scope in scopes)
        {
            if (string.IsNullOrWhiteSpace(scope))
            {
                throw new ArgumentException("scopes: a scope is empty.", nameof(scopes));
            }

            scopeList.Add(scope);
        }

        if (scopeList.Count == 0)
        {
            throw new ArgumentException("scopes: ask for at least one scope, for example user.metrics.", nameof(scopes));
        }

        var options = _options.CurrentValue;
        var clientId = RequiredSetting.Get(options.ClientId, "ClientId");
        var endpoint = (options.OAuth.AuthorizeEndpoint ?? WithingsCloudHosts.AuthorizeEndpoint(options.Cloud)).AbsoluteUri;

        // The query is encoded like every form the SDK sends; commas stay literal between scopes, as in Withings' own
        // example URL.
        var query = FormEncoding.Encode(
        [
            new("response_type", "code"),
            new("client_id", clientId),
            new("scope", string.Join(",", scopeList)),
            new("redirect_uri", redirectUri.OriginalString),
            new("state", state),
        ]);
        return new Uri(endpoint + (endpoint.Contains('?') ? "&" : "?") + query, UriKind.Absolute);
    }

    /// <inheritdoc/>
    public Task<WithingsTokenPair> ExchangeCodeAsync(string code, Uri redirectUri, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(code))
        {
            throw new ArgumentException("code: required; it is the code query parameter of the redirect.", nameof(code));
        }

        if (redirectUri is null)
        {
            throw new ArgumentNullException(nameof(redirectUri));
        }

        var options = _options.CurrentValue;
        var form = new[]
        {
            Field("action", "requesttoken"),
            Field("grant_type", "authorization_code"),
            Field("client_id", RequiredSetting.Get(options.ClientId, "ClientId")),
            Field("client_secret", RequiredSetting.Get(options.ClientSecret, "ClientSecret")),
            Field("code", code),
            Field("redirect_uri", redirectUri.OriginalString),
        };
        return RequestTokenAsync(form, code, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<WithingsTokenPair> RefreshAsync(string refreshToken, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(refreshToken))
        {
            throw new ArgumentException("refreshToken: required, and must not be empty.", nameof(refreshToken));
        }

        var options = _options.CurrentValue;
        var form = new[]
        {
            Field("action", "requesttoken"),
            Field("grant_type", "refresh_token"),
            Field("client_id", RequiredSetting.Get(options.ClientId, "ClientId")),
            Field("client_secret", RequiredSetting.Get(options.ClientSecret, "ClientSecret")),
            Field("refresh_token", refreshToken),
        };
        return RequestTokenAsync(form, refreshToken, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task RevokeAsync(long userId, CancellationToken cancellationToken = default)
    {
        if (userId <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(userId), userId, "userId: must be a Withings user id (a positive number).");
        }

        var form = new[]
        {
            Field("action", "revoke"),
            Field("userid", userId.ToString(CultureInfo.InvariantCulture)),
        };
        await _signer.SendSignedAsync(TokenPath, form, RevokeOperation, cancellationToken).ConfigureAwait(false);
        if (_tokenStore is IWithingsUserTokenStore users)
        {
            await users.RemoveAsync(userId, cancellationToken).ConfigureAwait(false);
            OAuthLog.Revoked(_logger, userId);
        }
        else
        {
            OAuthLog.RevokedNotForgotten(_logger, userId, _tokenStore.GetType().Name);
        }
    }

    // The code or refresh token is the value Withings' error text could echo back: it is redacted from messages.
    private async Task<WithingsTokenPair> RequestTokenAsync(KeyValuePair<string, string>[] form, string secret, CancellationToken cancellationToken)
    {
        var sentAt = _timeProvider.GetUtcNow();
        var body = await _transport.SendAsync(
            (options, _) => Task.FromResult(WithingsHttpTransport.CreateFormPost(options.ApiBaseAddress, TokenPath, form, accessToken: null)),
            Operation,
            secret,
            cancellationToken).ConfigureAwait(false);
        var pair = ReadTokenPair(body, sentAt);

        // Saved before anyone can use the new access token: using it kills the previous refresh token.
        await _tokenStore.SaveAsync(pair, cancellationToken).ConfigureAwait(false);
        OAuthLog.Saved(_logger, pair.UserId, pair.ExpiresAt, pair.Scope);
        return pair;
    }

    /// <summary>Reads the <c>requesttoken</c> body; <c>userid</c> may be a number or a string (docs/withings-api.md §6).</summary>
    internal static WithingsTokenPair ReadTokenPair(JsonElement body, DateTimeOffset sentAt)
    {
        var userId = JsonFields.GetInt64(body, "userid") ?? throw Malformed("has no userid");
        var accessToken = JsonFields.GetString(body, "access_token");
        if (string.IsNullOrEmpty(accessToken))
        {
            throw Malformed("has no access_token");
        }

        var refreshToken = JsonFields.GetString(body, "refresh_token");
        if (string.IsNullOrEmpty(refreshToken))
        {
            throw Malformed("has no refresh_token");
        }

        var expiresIn = JsonFields.GetInt64(body, "expires_in") ?? throw Malformed("has no expires_in");
        return new WithingsTokenPair(userId, accessToken!, refreshToken!, sentAt.AddSeconds(expiresIn), JsonFields.GetString(body, "scope"));
    }

    private static WithingsApiException Malformed(string problem) =>
        new("The Withings token response " + problem + ". Check that WithingsOptions.ApiBaseAddress points at the Withings API.", Operation, isTransient: false, innerException: null);

    private static KeyValuePair<string, string> Field(string name, string value) => new(name, value);
}
