using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// One user's part of a batch: fetch (sending again only what failed transiently), save the time zone, call the data
/// handler (again if it throws), then advance the cursor of each category whose requests all succeeded and
/// dead-letter the notifications of the others.
/// </summary>
internal sealed class UserSync(
    IWithingsDataClient client,
    IWithingsUserContextStore contexts,
    IServiceScopeFactory scopes,
    SyncDeadLetters deadLetters,
    NotificationTraces traces,
    ReceiverMetrics metrics,
    WithingsSyncOptions options,
    TimeSpan handlerTimeout,
    TimeProvider timeProvider,
    ILogger logger)
{
    public async Task RunAsync(UserPart part, DateTimeOffset plannedAt, BatchCounts counts, CancellationToken abort)
    {
        var links = new List<ActivityLink>();
        foreach (var item in part.Items)
        {
            if (traces.TryGet(item, out var incoming))
            {
                links.Add(new ActivityLink(incoming));
            }
        }

        // The span of these notifications: every API request below is its child.
        using var activity = ReceiverActivitySource.Instance.StartActivity(
            "Withings notifications", ActivityKind.Consumer, Activity.Current?.Context ?? default, links: links);
        activity?.SetTag("withings.notifications", part.Items.Count);
        activity?.SetTag("withings.requests", part.Requests.Count);

        var requests = part.Requests.Select(r => r.Request).ToList();
        var results = part.UserId is null ? [] : await FetchAsync(requests, counts, abort).ConfigureAwait(false);
        if (part.UserId is { } userId && results.FirstOrDefault(r => r.IsSuccess && r.TimeZone is not null)?.TimeZone is { } zone)
        {
            await SaveTimeZoneAsync(userId, zone, abort).ConfigureAwait(false);
        }

        var data = new WithingsUserData(
            part.UserId,
            part.Items.Select(i => i.Notification!).ToList(),
            new FetchPlan(requests),
            results.Where(r => r.IsSuccess).ToList(),
            results.Where(r => !r.IsSuccess).ToList());
        if (!await HandleAsync(part, data, activity, counts, abort).ConfigureAwait(false))
        {
            return;
        }

        await SettleAsync(part, results, plannedAt, activity, counts, abort).ConfigureAwait(false);
    }

    private async Task<List<FetchResult>> FetchAsync(List<FetchRequest> requests, BatchCounts counts, CancellationToken abort)
    {
        var results = new FetchResult?[requests.Count];
        counts.AddSent(requests.Count);
        for (var attempt = 1; ; attempt++)
        {
            var pending = Enumerable.Range(0, requests.Count).Where(i => results[i] is null || IsTransient(results[i]!)).ToList();
            if (pending.Count == 0)
            {
                break;
            }

            var fetched = await client.ExecuteAsync(new FetchPlan(pending.Select(i => requests[i]).ToList()), abort).ConfigureAwait(false);
            for (var j = 0; j < pending.Count; j++)
            {
                results[pending[j]] = fetched[j];
            }

            var failed = fetched.Count(IsTransient);
            if (failed == 0 || attempt >= options.MaxAttempts)
            {
                break;
            }

            var delay = SyncRetryDelay.After(attempt, options.RetryBaseDelay);
            SyncLog.FetchRetrying(logger, failed, requests.Count, attempt, options.MaxAttempts, delay);
            await Task.Delay(delay, timeProvider, abort).ConfigureAwait(false);
        }

        return [.. results.Select(r => r!)];
    }

    private static bool IsTransient(FetchResult result) => result.Error is WithingsApiException { IsTransient: true };

    private async Task<bool> HandleAsync(UserPart part, WithingsUserData data, Activity? activity, BatchCounts counts, CancellationToken abort)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var scope = scopes.CreateAsyncScope();
                await using (scope.ConfigureAwait(false))
                {
                    // The receiver's HandlerTimeout cuts each attempt, as it does for the per-notification handler.
                    using var timeout = handlerTimeout == Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(handlerTimeout, timeProvider);
                    using var attemptToken = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(abort, timeout.Token);
                    var token = attemptToken?.Token ?? abort;
                    var handler = scope.ServiceProvider.GetRequiredService<IWithingsDataHandler>();
                    try
                    {
                        await handler.HandleAsync(data, token).WaitAsync(token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (timeout?.IsCancellationRequested == true && !abort.IsCancellationRequested)
                    {
                        throw new TimeoutException($"The data handler did not finish within HandlerTimeout ({handlerTimeout}).");
                    }
                }

                activity?.SetTag("withings.attempts", attempt);
                return true;
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // User code: any failure retries this user's part, then dead-letters it; never the others.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                if (attempt >= options.MaxAttempts)
                {
                    SyncLog.HandlerGaveUp(logger, exception, attempt, part.Items.Count);
                    activity?.SetStatus(ActivityStatusCode.Error, "the data handler failed on every attempt");
                    foreach (var item in part.Items)
                    {
                        await deadLetters.WriteAsync(new WithingsDeadLetter(WithingsDeadLetterReason.HandlerFailed, item.Body, exception.Message, item.Notification, exception, attempt, item.ReceivedAt), abort).ConfigureAwait(false);
                    }

                    counts.DeadLettered(part.Items.Count);
                    return false;
                }

                var delay = SyncRetryDelay.After(attempt, options.RetryBaseDelay);
                SyncLog.HandlerRetrying(logger, exception, attempt, options.MaxAttempts, delay);
                await Task.Delay(delay, timeProvider, abort).ConfigureAwait(false);
            }
        }
    }

    private async Task SettleAsync(UserPart part, List<FetchResult> results, DateTimeOffset plannedAt, Activity? activity, BatchCounts counts, CancellationToken abort)
    {
        var failedByCategory = new Dictionary<NotificationCategory, FetchResult>();
        var fetchedCategories = new HashSet<NotificationCategory>();
        for (var i = 0; i < results.Count; i++)
        {
            var category = part.Requests[i].Category;
            fetchedCategories.Add(category);
            if (!results[i].IsSuccess)
            {
                failedByCategory.TryAdd(category, results[i]);
            }
        }

        if (part.UserId is { } userId)
        {
            foreach (var category in fetchedCategories.Where(c => !failedByCategory.ContainsKey(c)))
            {
                await AdvanceCursorAsync(userId, category, plannedAt, abort).ConfigureAwait(false);
            }
        }

        var deadLettered = 0;
        foreach (var item in part.Items)
        {
            var notification = item.Notification!;
            if (failedByCategory.TryGetValue(notification.Appli, out var failure))
            {
                var error = failure.Error!;
                var attempts = error is WithingsApiException api ? api.Attempts : 1;
                await deadLetters.WriteAsync(new WithingsDeadLetter(WithingsDeadLetterReason.FetchFailed, item.Body, error.Message, notification, error, attempts, item.ReceivedAt), abort).ConfigureAwait(false);
                deadLettered++;
            }
            else
            {
                metrics.Handled(notification.Appli);
            }
        }

        counts.DeadLettered(deadLettered);
        if (deadLettered > 0)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "some requests failed");
        }
    }

    private async Task SaveTimeZoneAsync(long userId, string zone, CancellationToken abort)
    {
        try
        {
            await contexts.SaveTimeZoneAsync(userId, zone, abort).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The store is user code: a zone not saved is read again from the next answer.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            SyncLog.StoreFailed(logger, exception, "time zone");
        }
    }

    private async Task AdvanceCursorAsync(long userId, NotificationCategory category, DateTimeOffset plannedAt, CancellationToken abort)
    {
        try
        {
            await contexts.AdvanceCursorAsync(userId, category, plannedAt, abort).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A cursor not advanced only means fetching the same data again next time.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            SyncLog.StoreFailed(logger, exception, "cursor");
        }
    }
}
