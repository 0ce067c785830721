using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk;

/// <summary>
/// A hosted service that, every <see cref="WithingsReconcilerOptions.Interval"/>, ensures the configured categories
/// for every user of the token store (<see cref="IWithingsNotifyClient.EnsureSubscriptionsAsync"/>), so that a
/// subscription Withings dropped comes back on its own. Registered by <c>AddSubscriptionReconciler</c>.
/// </summary>
/// <remarks>
/// A user whose token no longer works (the refresh is refused, or Withings refuses the token right after a refresh)
/// is reported once and then skipped until the token store holds a different pair for them, for example after the
/// user linked the application again: a dead token is never retried in a loop. Other failures are tried again at the
/// next pass. Metrics on the <c>Withings.Sdk</c> meter: <c>withings.subscriptions.restored</c> and
/// <c>withings.subscriptions.reconcile_failures</c> (tag <c>withings.status_family</c>).
/// </remarks>
public sealed class WithingsSubscriptionReconciler : BackgroundService
{
    private readonly IWithingsUserTokenStore _store;
    private readonly Func<IWithingsNotifyClient> _notify;
    private readonly IWithingsAccessTokenProvider _tokens;
    private readonly IOptionsMonitor<WithingsReconcilerOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ReconcilerMetrics _metrics;
    private readonly ILogger _logger;

    // The fingerprint of each dead pair: the user is skipped while the store still holds that pair.
    private readonly Dictionary<long, string> _deadPairs = [];
    private readonly SemaphoreSlim _pass = new(1, 1);

    // The last check of each user of the token store, for GetLastChecks; written by the pass, read by anyone.
    private readonly Dictionary<long, SubscriptionUserCheck> _lastChecks = [];

    internal WithingsSubscriptionReconciler(
        IWithingsTokenStore store,
        Func<IWithingsNotifyClient> notify,
        IWithingsAccessTokenProvider tokens,
        IOptionsMonitor<WithingsReconcilerOptions> options,
        TimeProvider timeProvider,
        ReconcilerMetrics metrics,
        ILogger logger)
    {
        _store = store as IWithingsUserTokenStore ?? throw new InvalidOperationException(
            "The subscription reconciler visits every user of the token store, but " + store.GetType().Name
            + " cannot list its users: implement IWithingsUserTokenStore on it (UseTokenStore), or remove AddSubscriptionReconciler.");
        _notify = notify;
        _tokens = tokens;
        _options = options;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>
    /// Runs one pass now: for every user of the token store whose token is not known dead, ensures the configured
    /// categories. Passes never overlap; a second caller waits for the running one.
    /// </summary>
    /// <param name="cancellationToken">Stops the pass between calls.</param>
    /// <returns>What the pass did.</returns>
    /// <exception cref="OptionsValidationException">The reconciler's options are invalid.</exception>
    public async Task<SubscriptionReconcileReport> ReconcileAsync(CancellationToken cancellationToken = default)
    {
        var options = _options.CurrentValue;
        await _pass.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var users = 0;
            var restored = 0;
            var failed = 0;
            var skipped = 0;
            var userIds = await _store.GetUserIdsAsync(cancellationToken).ConfigureAwait(false);
            ForgetChecksExcept(userIds);
            foreach (var userId in userIds)
            {
                var pair = await _store.GetAsync(userId, cancellationToken).ConfigureAwait(false);
                if (pair is null)
                {
                    continue;
                }

                if (_deadPairs.TryGetValue(userId, out var dead))
                {
                    if (dead == Fingerprint(pair))
                    {
                        skipped++;
                        continue;
                    }

                    _deadPairs.Remove(userId);
                    ReconcilerLog.TokenChanged(_logger, userId);
                }

                users++;
                var (userRestored, userFailed) = await ReconcileUserAsync(userId, options, cancellationToken).ConfigureAwait(false);
                restored += userRestored;
                failed += userFailed ? 1 : 0;
            }

            ReconcilerLog.Pass(_logger, users, restored, failed, skipped);
            return new SubscriptionReconcileReport(users, restored, failed, skipped);
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <summary>
    /// What the last pass found for each user of the token store it visited (a user skipped for a dead token keeps the
    /// check that found it dead). Read-only: for an operator's view, such as Withings.Sdk.AspNetCore's dashboard.
    /// </summary>
    /// <returns>The checks, by user id.</returns>
    public IReadOnlyList<SubscriptionUserCheck> GetLastChecks()
    {
        lock (_lastChecks)
        {
            return [.. _lastChecks.Values.OrderBy(c => c.UserId)];
        }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _pass.Dispose();
        base.Dispose();
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await _timeProvider.WaitAsync(_options.CurrentValue.InitialDelay, stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReconcileAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                ReconcilerLog.PassFailed(_logger, e);
            }

            await _timeProvider.WaitAsync(_options.CurrentValue.Interval, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task<(int Restored, bool Failed)> ReconcileUserAsync(long userId, WithingsReconcilerOptions options, CancellationToken cancellationToken)
    {
        var notify = _notify();

        // Keeping subscriptions alive can wait for the fetches of live notifications.
        using var priority = WithingsPriorityScope.Enter(WithingsRequestPriority.Reconciliation);
        try
        {
            var token = await _tokens.GetAccessTokenAsync(userId, cancellationToken).ConfigureAwait(false);
            SubscriptionEnsureResult result;
            try
            {
                result = await EnsureAsync(notify, token, options, cancellationToken).ConfigureAwait(false);
            }
            catch (WithingsApiException e) when (e.Family == WithingsStatusFamily.AuthenticationFailed)
            {
                // Withings refused a token the store still thought valid: one refresh, one more try.
                token = await _tokens.RefreshAsync(userId, token, cancellationToken).ConfigureAwait(false);
                result = await EnsureAsync(notify, token, options, cancellationToken).ConfigureAwait(false);
            }

            var restored = result.Subscribed.Count;
            Checked(userId, result.Outcomes, null, tokenDead: false);
            _metrics.Restored(restored);
            if (restored > 0)
            {
                ReconcilerLog.Restored(_logger, userId, restored);
            }

            foreach (var failure in result.Outcomes.Where(o => o.Kind == SubscriptionOutcomeKind.Failed))
            {
                _metrics.Failure(failure.Error?.Family ?? WithingsStatusFamily.Transport);
            }

            return (restored, !result.Succeeded);
        }
        catch (WithingsApiException e) when (IsDeadToken(e))
        {
            Checked(userId, [], e.Family, tokenDead: true);
            await MarkDeadAsync(userId, e, cancellationToken).ConfigureAwait(false);
            return (0, true);
        }
        catch (WithingsApiException e)
        {
            Checked(userId, [], e.Family, tokenDead: false);
            _metrics.Failure(e.Family);
            ReconcilerLog.UserFailed(_logger, userId, e.Family, new AnswerText(e.Status, e.HttpStatus));
            return (0, true);
        }
        catch (InvalidOperationException)
        {
            // The pair was removed while the pass ran (the user unlinked): nothing left to keep alive.
            return (0, false);
        }
    }

    private void Checked(long userId, IReadOnlyList<SubscriptionOutcome> outcomes, WithingsStatusFamily? failure, bool tokenDead)
    {
        var check = new SubscriptionUserCheck(userId, _timeProvider.GetUtcNow(), outcomes, failure, tokenDead);
        lock (_lastChecks)
        {
            _lastChecks[userId] = check;
        }
    }

    // A user no longer in the token store (unlinked) has no subscriptions to keep: their last check goes too.
    private void ForgetChecksExcept(IReadOnlyList<long> userIds)
    {
        var current = new HashSet<long>(userIds);
        lock (_lastChecks)
        {
            foreach (var gone in _lastChecks.Keys.Where(id => !current.Contains(id)).ToList())
            {
                _lastChecks.Remove(gone);
            }
        }
    }

    private static Task<SubscriptionEnsureResult> EnsureAsync(IWithingsNotifyClient notify, string token, WithingsReconcilerOptions options, CancellationToken cancellationToken) =>
        notify.EnsureSubscriptionsAsync(token, options.CallbackUrl!, options.Categories, options.Prune, comment: null, cancellationToken);

    // Dead: Withings refuses the token itself (even right after a refresh) or the refresh token. A refresh refused
    // with 503 (invalid params) means the user must authorize again; transient failures are never "dead".
    private static bool IsDeadToken(WithingsApiException e) =>
        !WithingsErrors.IsTransient(e)
        && (e.Family is WithingsStatusFamily.AuthenticationFailed or WithingsStatusFamily.Unauthorized
            || string.Equals(e.Operation, "oauth2/requesttoken", StringComparison.Ordinal));

    private async Task MarkDeadAsync(long userId, WithingsApiException e, CancellationToken cancellationToken)
    {
        _metrics.Failure(e.Family);
        ReconcilerLog.DeadToken(_logger, userId, e.Family, new AnswerText(e.Status, e.HttpStatus));
        var pair = await _store.GetAsync(userId, cancellationToken).ConfigureAwait(false);
        if (pair is not null)
        {
            _deadPairs[userId] = Fingerprint(pair);
        }
    }

    // A hash, so that the reconciler keeps no copy of a token.
    private static string Fingerprint(WithingsTokenPair pair)
    {
        var bytes = Encoding.UTF8.GetBytes(pair.AccessToken + "\n" + pair.RefreshToken);
#if NET8_0_OR_GREATER
        return Convert.ToBase64String(SHA256.HashData(bytes));
#else
        using var sha = SHA256.Create();
        return Convert.ToBase64String(sha.ComputeHash(bytes));
#endif
    }
}
