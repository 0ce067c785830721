using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Withings.Sdk;

/// <summary>
/// Hands out a valid access token per user: read from the <see cref="IWithingsTokenStore"/>, refreshed shortly
/// before it expires (<see cref="WithingsOAuthOptions.RefreshBeforeExpiry"/>) or when Withings refused it, with
/// concurrent refreshes of one user collapsed into a single call. Thread-safe; one instance per application.
/// </summary>
/// <remarks>
/// A refresh saves the new pair to the store before any caller receives the new access token (Withings kills the
/// previous refresh token once the new access token is used). A refresh runs to completion even when the caller
/// that started it gives up, so that a rotated pair is never lost half-way. It takes the next permit of the
/// application-wide rate limit, ahead of queued requests; the SDK's requests of that user that get their permit
/// meanwhile wait for it and leave with the new token rather than the refused one.
/// <para>
/// Each refresh holds the <see cref="IWithingsRefreshLock"/> of the user (none by default; a distributed one when
/// several processes share the token store) and reads the store again once it holds it, so that a pair another
/// process refreshed meanwhile is used rather than refreshed a second time.
/// </para>
/// <para>
/// When the refresh fails outside Withings' answer (typically <see cref="IWithingsTokenStore.SaveAsync"/> throwing),
/// the new pair is discarded and the user's refreshes back off: 1 minute, then twice as long after each further
/// failure, at most 30 minutes. Meanwhile a token that has not expired yet is still handed out, and a call that needs
/// a refresh fails at once with the same cause, instead of refreshing and discarding again.
/// </para>
/// </remarks>
public sealed class WithingsAccessTokenProvider : IWithingsAccessTokenProvider
{
    private readonly IWithingsTokenStore _tokenStore;
    private readonly IWithingsOAuthClient _oauthClient;
    private readonly IOptionsMonitor<WithingsOptions>? _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly IWithingsRefreshLock _refreshLock;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(30);

    // All three guarded by locking _refreshes.
    private readonly Dictionary<long, Task<WithingsTokenPair>> _refreshes = [];
    private readonly Dictionary<long, string> _latestAccessTokens = [];
    private readonly Dictionary<long, FailedRefresh> _failedRefreshes = [];

    /// <summary>Creates the provider.</summary>
    /// <param name="tokenStore">Where the pairs are kept.</param>
    /// <param name="oauthClient">Refreshes pairs (and saves them).</param>
    /// <param name="options">The refresh margin, read at each call; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock expiries are checked with; the system clock when <see langword="null"/>.</param>
    /// <param name="logger">The logger; it never receives a token.</param>
    /// <param name="refreshLock">Held around each refresh, across processes; none when <see langword="null"/>.</param>
    public WithingsAccessTokenProvider(
        IWithingsTokenStore tokenStore,
        IWithingsOAuthClient oauthClient,
        IOptionsMonitor<WithingsOptions>? options = null,
        TimeProvider? timeProvider = null,
        ILogger<WithingsAccessTokenProvider>? logger = null,
        IWithingsRefreshLock? refreshLock = null)
    {
        _refreshLock = refreshLock ?? NoWithingsRefreshLock.Instance;
        _tokenStore = tokenStore ?? throw new ArgumentNullException(nameof(tokenStore));
        _oauthClient = oauthClient ?? throw new ArgumentNullException(nameof(oauthClient));
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Returns the user's access token, refreshed first when it expires within the refresh margin.</summary>
    /// <param name="userId">The Withings user id.</param>
    /// <param name="cancellationToken">Stops waiting (a refresh already sent still completes and is saved).</param>
    /// <returns>An access token to send as <c>Authorization: Bearer</c>.</returns>
    /// <exception cref="InvalidOperationException">The store has no pair for the user.</exception>
    /// <exception cref="WithingsApiException">The refresh failed (status 503: the user must authorize again).</exception>
    public async Task<string> GetAccessTokenAsync(long userId, CancellationToken cancellationToken = default)
    {
        var pair = await _tokenStore.GetAsync(userId, cancellationToken).ConfigureAwait(false) ?? throw NoTokens(userId);
        if (!IsExpiring(pair) || (BackingOff(userId, pair) is not null && pair.ExpiresAt > _timeProvider.GetUtcNow()))
        {
            return pair.AccessToken;
        }

        var refreshed = await RefreshCollapsedAsync(userId, pair.AccessToken, "expires at " + pair.ExpiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        return refreshed.AccessToken;
    }

    /// <summary>
    /// Refreshes the user's pair after Withings refused <paramref name="rejectedAccessToken"/> (an authentication-failed
    /// status), unless another caller already replaced it, in which case the newer token is returned.
    /// </summary>
    /// <param name="userId">The Withings user id.</param>
    /// <param name="rejectedAccessToken">The access token Withings refused.</param>
    /// <param name="cancellationToken">Stops waiting (a refresh already sent still completes and is saved).</param>
    /// <returns>The new access token.</returns>
    /// <exception cref="InvalidOperationException">The store has no pair for the user.</exception>
    /// <exception cref="WithingsApiException">The refresh failed (status 503: the user must authorize again).</exception>
    public async Task<string> RefreshAsync(long userId, string rejectedAccessToken, CancellationToken cancellationToken = default)
    {
        if (rejectedAccessToken is null)
        {
            throw new ArgumentNullException(nameof(rejectedAccessToken));
        }

        var refreshed = await RefreshCollapsedAsync(userId, rejectedAccessToken, "Withings refused the access token", cancellationToken).ConfigureAwait(false);
        return refreshed.AccessToken;
    }

    /// <summary>
    /// The token an attempt should carry when it leaves, given the one it read before queueing: the result of a
    /// refresh of the user that is running or finished since, else <paramref name="known"/> (no store read).
    /// </summary>
    internal async Task<string> GetCurrentAccessTokenAsync(long userId, string known, CancellationToken cancellationToken)
    {
        string? latest;
        Task<WithingsTokenPair>? running;
        lock (_refreshes)
        {
            _refreshes.TryGetValue(userId, out running);
            _latestAccessTokens.TryGetValue(userId, out latest);
        }

        if (running is not null)
        {
            return (await WaitAsync(running, cancellationToken).ConfigureAwait(false)).AccessToken;
        }

        return latest is null || string.Equals(latest, known, StringComparison.Ordinal)
            ? known
            : await GetAccessTokenAsync(userId, cancellationToken).ConfigureAwait(false);
    }

    private Task<WithingsTokenPair> RefreshCollapsedAsync(long userId, string staleAccessToken, string reason, CancellationToken cancellationToken)
    {
        Task<WithingsTokenPair>? running;
        TaskCompletionSource<WithingsTokenPair>? owner = null;
        lock (_refreshes)
        {
            if (!_refreshes.TryGetValue(userId, out running))
            {
                owner = new TaskCompletionSource<WithingsTokenPair>(TaskCreationOptions.RunContinuationsAsynchronously);
                running = owner.Task;
                _refreshes[userId] = running;
            }
        }

        if (owner is not null)
        {
            _ = RunRefreshAsync(owner, userId, staleAccessToken, reason);
        }

        return WaitAsync(running, cancellationToken);
    }

    // Not cancellable on purpose: once Withings has rotated the pair, the new one must reach the store.
    private async Task RunRefreshAsync(TaskCompletionSource<WithingsTokenPair> owner, long userId, string staleAccessToken, string reason)
    {
        try
        {
            var pair = await RefreshIfStillStaleAsync(userId, staleAccessToken, reason).ConfigureAwait(false);
            Complete(userId);
            owner.TrySetResult(pair);
        }
        catch (Exception e)
        {
            Complete(userId);
            owner.TrySetException(e);
        }
    }

    private async Task<WithingsTokenPair> RefreshIfStillStaleAsync(long userId, string staleAccessToken, string reason)
    {
        // Another process may refresh the same user at the same time: hold the lock, then read the store again.
        var held = await _refreshLock.AcquireAsync(userId, CancellationToken.None).ConfigureAwait(false);
        await using var release = held.ConfigureAwait(false);
        var current = await _tokenStore.GetAsync(userId, CancellationToken.None).ConfigureAwait(false) ?? throw NoTokens(userId);
        if (!string.Equals(current.AccessToken, staleAccessToken, StringComparison.Ordinal) && !IsExpiring(current))
        {
            OAuthLog.AlreadyRefreshed(_logger, userId);
            return current;
        }

        if (BackingOff(userId, current) is { } failed)
        {
            throw new InvalidOperationException(
                $"The token pair of user {Format(userId)} is not refreshed again before {failed.Until.ToString("O", CultureInfo.InvariantCulture)}: the last refresh failed outside Withings ({failed.Cause.GetType().Name}, typically in IWithingsTokenStore.SaveAsync) and its new pair was discarded. Fix the token store; the previous refresh token stays valid for some hours.",
                failed.Cause);
        }

        OAuthLog.Refreshing(_logger, userId, reason);
        WithingsTokenPair refreshed;
        try
        {
            // A refresh is what the user's queued requests wait for: it takes the next permit, ahead of them.
            using (WithingsPriorityScope.Enter(WithingsRequestPriority.TokenRefresh))
            {
                refreshed = await _oauthClient.RefreshAsync(current.RefreshToken, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (MissingSettingException e)
        {
            // Nothing was sent: the pair is untouched, so there is nothing to back off from once the setting is there.
            throw new InvalidOperationException($"The token pair of user {Format(userId)} needs a refresh, which cannot be sent: {e.Message}", e);
        }
        catch (Exception e) when (e is not WithingsApiException)
        {
            // Withings answered, so the pair was rotated, but the new one did not make it into the store.
            var until = RecordFailure(userId, current.RefreshToken, e);
            OAuthLog.RefreshDiscarded(_logger, userId, e.GetType().Name, until);
            throw new InvalidOperationException(
                $"Refreshing the token pair of user {Format(userId)} failed outside Withings ({e.GetType().Name}, typically in IWithingsTokenStore.SaveAsync): the new pair was not used. The SDK does not refresh this user again before {until.ToString("O", CultureInfo.InvariantCulture)}; the previous refresh token stays valid for some hours.",
                e);
        }

        lock (_refreshes)
        {
            _latestAccessTokens[userId] = refreshed.AccessToken;
            _failedRefreshes.Remove(userId);
        }

        return refreshed;
    }

    private DateTimeOffset RecordFailure(long userId, string refreshToken, Exception cause)
    {
        lock (_refreshes)
        {
            var failures = _failedRefreshes.TryGetValue(userId, out var previous) ? previous.Failures + 1 : 1;
            var backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Min(failures - 1, 10)));
            var until = _timeProvider.GetUtcNow() + backoff;
            _failedRefreshes[userId] = new FailedRefresh(refreshToken, failures, until, cause);
            return until;
        }
    }

    // A failure counts only against the pair it failed with: a pair saved since (the user authorized again) is refreshed normally.
    private FailedRefresh? BackingOff(long userId, WithingsTokenPair current)
    {
        lock (_refreshes)
        {
            return _failedRefreshes.TryGetValue(userId, out var failed)
                && string.Equals(failed.RefreshToken, current.RefreshToken, StringComparison.Ordinal)
                && _timeProvider.GetUtcNow() < failed.Until
                ? failed
                : null;
        }
    }

    private static string Format(long userId) => userId.ToString(CultureInfo.InvariantCulture);

    private void Complete(long userId)
    {
        lock (_refreshes)
        {
            _refreshes.Remove(userId);
        }
    }

    private bool IsExpiring(WithingsTokenPair pair)
    {
        var margin = _options?.CurrentValue.OAuth.RefreshBeforeExpiry ?? new WithingsOAuthOptions().RefreshBeforeExpiry;
        return pair.ExpiresAt - margin <= _timeProvider.GetUtcNow();
    }

    private static InvalidOperationException NoTokens(long userId) =>
        new($"The token store has no token pair for user {Format(userId)}: send the user through the authorization flow (IWithingsOAuthClient.GetAuthorizeUrl, then ExchangeCodeAsync) first.");

    private static async Task<T> WaitAsync<T>(Task<T> task, CancellationToken cancellationToken)
    {
#if NET8_0_OR_GREATER
        return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
#else
        if (!cancellationToken.CanBeCanceled || task.IsCompleted)
        {
            return await task.ConfigureAwait(false);
        }

        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(true), cancelled))
        {
            if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }

        return await task.ConfigureAwait(false);
#endif
    }

    /// <summary>A refresh whose new pair was discarded: the pair it started from, how many in a row, and until when to back off.</summary>
    private sealed record FailedRefresh(string RefreshToken, int Failures, DateTimeOffset Until, Exception Cause);
}
