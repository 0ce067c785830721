using Microsoft.Extensions.Logging;

namespace Withings.Sdk;

/// <summary>
/// Lists first, subscribes only the missing categories (spaced, with 293 retried while the callback may still be
/// starting), then optionally revokes this callback URL's other categories. Listing first is what makes a second
/// run send no subscribe, and what keeps repeated deploys from piling up duplicate subscriptions.
/// </summary>
internal sealed class SubscriptionEnsurer(IWithingsNotifyClient client, WithingsNotifyOptions options, TimeProvider timeProvider, ILogger logger)
{
    /// <summary>Withings' status for a callback URL that is absent, invalid or failed its HEAD check.</summary>
    internal const int CallbackCheckFailed = 293;

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromHours(1);

    private DateTimeOffset? _lastSubscribe;

    public async Task<SubscriptionEnsureResult> EnsureAsync(string accessToken, Uri callbackUrl, IReadOnlyList<NotificationCategory> wanted, bool prune, string? comment, CancellationToken cancellationToken)
    {
        var existing = await client.ListAsync(accessToken, appli: null, cancellationToken).ConfigureAwait(false);
        var mine = existing.Where(s => SameCallback(s.CallbackUrl, callbackUrl)).ToList();
        var outcomes = new List<SubscriptionOutcome>();
        foreach (var appli in wanted)
        {
            if (mine.Any(s => s.Appli == appli))
            {
                outcomes.Add(new SubscriptionOutcome(appli, SubscriptionOutcomeKind.Kept));
                continue;
            }

            outcomes.Add(await SubscribeAsync(accessToken, callbackUrl, appli, comment, cancellationToken).ConfigureAwait(false));
        }

        if (prune)
        {
            foreach (var appli in mine.Select(s => s.Appli).Distinct().Where(a => !wanted.Contains(a)).ToList())
            {
                outcomes.Add(await RevokeAsync(accessToken, callbackUrl, appli, cancellationToken).ConfigureAwait(false));
            }
        }

        return new SubscriptionEnsureResult(outcomes);
    }

    // Withings echoes the URL it stored; a URL that differs only in the case of its scheme or host is the same one.
    internal static bool SameCallback(string listed, Uri callbackUrl) =>
        string.Equals(listed, callbackUrl.OriginalString, StringComparison.Ordinal)
        || (Uri.TryCreate(listed, UriKind.Absolute, out var parsed) && parsed == callbackUrl);

    private async Task<SubscriptionOutcome> SubscribeAsync(string accessToken, Uri callbackUrl, NotificationCategory appli, string? comment, CancellationToken cancellationToken)
    {
        var retryDelay = options.CallbackCheckRetryDelay;
        for (var retry = 0; ; retry++)
        {
            await WaitForTurnAsync(retry == 0 ? TimeSpan.Zero : retryDelay, cancellationToken).ConfigureAwait(false);
            try
            {
                await client.SubscribeAsync(accessToken, callbackUrl, appli, comment, cancellationToken).ConfigureAwait(false);
                SubscriptionLog.Subscribed(logger, (int)appli, retry + 1);
                return new SubscriptionOutcome(appli, SubscriptionOutcomeKind.Subscribed);
            }
            catch (WithingsApiException e) when (e.Status == CallbackCheckFailed && retry < options.CallbackCheckRetries)
            {
                retryDelay = retry == 0 ? retryDelay : Double(retryDelay, options.CallbackCheckRetryDelay);
                SubscriptionLog.CallbackCheckFailed(logger, (int)appli, retry + 1, retryDelay);
            }
            catch (WithingsApiException e)
            {
                SubscriptionLog.Failed(logger, "subscribe", (int)appli, new AnswerText(e.Status, e.HttpStatus), e.Family);
                return new SubscriptionOutcome(appli, SubscriptionOutcomeKind.Failed, e);
            }
            finally
            {
                // Spacing counts from Withings' answer, whatever it was.
                _lastSubscribe = timeProvider.GetUtcNow();
            }
        }
    }

    private async Task<SubscriptionOutcome> RevokeAsync(string accessToken, Uri callbackUrl, NotificationCategory appli, CancellationToken cancellationToken)
    {
        try
        {
            await client.RevokeAsync(accessToken, callbackUrl, appli, cancellationToken).ConfigureAwait(false);
            SubscriptionLog.Revoked(logger, (int)appli);
            return new SubscriptionOutcome(appli, SubscriptionOutcomeKind.Revoked);
        }
        catch (WithingsApiException e)
        {
            SubscriptionLog.Failed(logger, "revoke", (int)appli, new AnswerText(e.Status, e.HttpStatus), e.Family);
            return new SubscriptionOutcome(appli, SubscriptionOutcomeKind.Failed, e);
        }
    }

    // Every subscribe waits at least SubscribeSpacing after the previous one's answer, and a retry after 293 at least
    // its backoff delay.
    private async Task WaitForTurnAsync(TimeSpan minimum, CancellationToken cancellationToken)
    {
        var wait = minimum;
        if (_lastSubscribe is DateTimeOffset last)
        {
            var spacingLeft = last + options.SubscribeSpacing - timeProvider.GetUtcNow();
            wait = spacingLeft > wait ? spacingLeft : wait;
        }

        await timeProvider.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
    }

    // Doubling stops at an hour (or the configured first delay, if longer): a URL still failing by then is broken,
    // and timers refuse delays past about 49 days.
    private static TimeSpan Double(TimeSpan delay, TimeSpan first)
    {
        var cap = first > MaxRetryDelay ? first : MaxRetryDelay;
        return delay.Ticks >= cap.Ticks / 2 ? cap : TimeSpan.FromTicks(delay.Ticks * 2);
    }
}
