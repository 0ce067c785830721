using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// One user's part in one round: fetch (sending again only what failed transiently, reading on one step of each
/// result that stopped at the page cap in an earlier turn), learn the zone before the intraday requests that need it,
/// then, once every page is read, call the data handler (again if it throws), advance the cursor of each category
/// whose requests all succeeded to Withings' clock for their data, and dead-letter the notifications of the others.
/// </summary>
internal sealed class UserSync(
    IWithingsDataClient client,
    IWithingsUserContextStore contexts,
    RetriedAttempts handlerAttempts,
    SyncBatchPlanner planner,
    DeliveryLedger ledger,
    ReceiverMetrics metrics,
    WithingsSyncOptions options,
    FairTurns turns,
    SemaphoreSlim handlerSlots,
    Uri apiBaseAddress,
    TimeProvider timeProvider,
    ILogger logger)
{
    /// <summary>Runs one round of a part.</summary>
    /// <returns>
    /// <see langword="true"/> when the part is settled (handled or dead-lettered) and its notifications are done;
    /// <see langword="false"/> when pages are left to read in a later turn.
    /// </returns>
    public async Task<bool> RunAsync(UserPart part, BatchCounts counts, CancellationToken abort)
    {
        // The span of these notifications: every API request below is its child; it links each delivering request.
        using var activity = ReceiverActivitySource.Instance.StartActivity(
            "Withings notifications", ActivityKind.Consumer, Activity.Current?.Context ?? default, links: NotificationTraceLinks.Of(part.Items));
        activity?.SetTag("withings.notifications", part.Items.Count);
        activity?.SetTag("withings.requests", part.Requests.Count);

        if (part.UserId is { } userId)
        {
            // One deadline for the whole fetch of this turn (requests, pages, retries, rate-limit waits, attempts):
            // a hung upstream ends here, not after every layer's timeouts one after the other. It starts with the
            // user's first request, not while the user waits for its turn behind the others.
            using var deadline = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
            using var fetching = CancellationTokenSource.CreateLinkedTokenSource(abort, deadline.Token);
            var clock = new FetchClock(deadline, options.FetchDeadline, timeProvider);
            try
            {
                await FetchUserAsync(part, userId, counts, clock, fetching.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !abort.IsCancellationRequested)
            {
                FailUnfinished(part);
                activity?.SetTag("withings.outcome", "fetch_deadline");
            }
            finally
            {
                ReleaseGrantedTurn(part);
                turns.Leave(userId);
            }

            if (part.HasPagesLeft)
            {
                // Not done: nothing is handed over, no cursor moves and the notifications stay unprocessed (a crash
                // now fetches them again); the next turn reads on, after the other work waiting.
                activity?.SetTag("withings.outcome", "pages_left");
                return false;
            }
        }

        var results = part.Requests.Where(r => r.Result is not null).Select(r => r.Result!).ToList();
        var data = new WithingsUserData(
            part.UserId,
            part.Items.Select(i => i.Notification!).ToList(),
            new FetchPlan(part.Requests.Select(r => r.Request).ToList()),
            results.Where(r => r.IsSuccess).ToList(),
            results.Where(r => !r.IsSuccess).ToList());
        ledger.Fetched(part.Items, data.Plan.Requests, data.Failures.Count);
        if (await HandleAsync(part, data, activity, counts, abort).ConfigureAwait(false))
        {
            await SettleAsync(part, activity, counts, abort).ConfigureAwait(false);
        }

        return true;
    }

    private async Task FetchUserAsync(UserPart part, long userId, BatchCounts counts, FetchClock clock, CancellationToken fetching)
    {
        var sentThisTurn = new HashSet<PartRequest>();
        await FetchAsync(part, sentThisTurn, counts, clock, fetching).ConfigureAwait(false);
        await LearnTimeZoneAsync(part, userId, fetching).ConfigureAwait(false);
        if (part.AwaitsZone)
        {
            // The zone is known now, or no answer carried it (the days are then widened to every zone).
            part.AwaitsZone = false;
            foreach (var request in planner.PlanIntraday(part, part.TimeZone))
            {
                if (!part.Requests.Exists(r => r.Request.Equals(request)))
                {
                    part.Requests.Add(new PartRequest(NotificationCategory.Activity, request));
                    counts.AddPlannedLater(1);
                }
            }

            await FetchAsync(part, sentThisTurn, counts, clock, fetching).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// After <see cref="WithingsSyncOptions.FetchDeadline"/>: every request not read to its end by then (never
    /// answered, failed transiently, or with pages left) fails with an error naming the deadline, so that the part is
    /// settled as after any fetch failure: what was read is handed over, the failed categories' cursors stay and
    /// their notifications are dead-lettered, to be replayed. Pages read earlier of a request cut now are read again then.
    /// </summary>
    private void FailUnfinished(UserPart part)
    {
        var unfinished = part.Requests.Where(r => r.Result is null || IsTransient(r.Result) || r.Result is { IsSuccess: true, IsComplete: false }).ToList();
        SyncLog.FetchDeadlinePassed(logger, options.FetchDeadline, unfinished.Count);
        foreach (var request in unfinished)
        {
            var error = new WithingsApiException(
                $"Withings did not answer in time: this user's fetch did not finish within Withings:Sync:FetchDeadline ({options.FetchDeadline}).",
                new TimeoutException("The sync engine's fetch deadline passed."));
            request.Result = new FetchResult
            {
                Request = request.Request,
                Url = request.Result?.Url ?? request.Request.GetUri(apiBaseAddress),
                Error = error,
            };
        }
    }

    /// <summary>
    /// Sends the part's requests not sent yet and reads on one step (up to the page cap) of each result that stopped
    /// at the cap in an earlier turn; what fails transiently is sent again, up to <see cref="WithingsSyncOptions.Retry"/>'s attempts.
    /// A result truncated in this turn waits for the next one, so that one user's long read shares the rate limit
    /// with everyone's work.
    /// </summary>
    private async Task FetchAsync(UserPart part, HashSet<PartRequest> sentThisTurn, BatchCounts counts, FetchClock clock, CancellationToken abort)
    {
        // What this call may send: what was never sent, what failed transiently in an earlier turn, and one step of
        // each result left with pages by an earlier turn. What this turn sent already has had its attempts.
        var toSend = part.Requests.Where(r => !sentThisTurn.Contains(r) && (r.Result is null || IsTransient(r.Result))).ToList();
        var toContinue = part.Requests.Where(r => !sentThisTurn.Contains(r) && r.Result is { IsSuccess: true, IsComplete: false }).ToList();
        counts.AddSent(toSend.Count(r => r.Result is null) + toContinue.Count);
        for (var attempt = 1; ; attempt++)
        {
            var fresh = toSend.Where(r => r.Result is null || IsTransient(r.Result)).ToList();
            var more = toContinue.Where(r => !sentThisTurn.Contains(r)).ToList();
            if (fresh.Count + more.Count == 0)
            {
                return;
            }

            foreach (var request in fresh)
            {
                using (await TakeTurnAsync(part, continuation: false, clock, abort).ConfigureAwait(false))
                {
                    request.Result = (await client.ExecuteAsync(new FetchPlan([request.Request]), abort).ConfigureAwait(false))[0];
                }

                sentThisTurn.Add(request);
            }

            // Its live requests sent, the user no longer holds a place among the live ones, nor a turn it did not use.
            ReleaseGrantedTurn(part);
            turns.Leave(part.UserId, liveOnly: true);
            var failed = fresh.Count(r => IsTransient(r.Result!));
            foreach (var request in more)
            {
                FetchResult next;
                using (await TakeTurnAsync(part, continuation: true, clock, abort).ConfigureAwait(false))
                {
                    next = await client.ContinueAsync(request.Result!, abort).ConfigureAwait(false);
                }

                if (IsTransient(next) && !Backoff.IsLast(attempt, options.Retry))
                {
                    // Read on again from the same pages on the next attempt.
                    failed++;
                    continue;
                }

                request.Result = next;
                sentThisTurn.Add(request);
            }

            if (failed == 0 || Backoff.IsLast(attempt, options.Retry))
            {
                return;
            }

            var delay = Backoff.After(attempt, options.Retry);
            SyncLog.FetchRetrying(logger, failed, fresh.Count + more.Count, attempt, options.Retry.MaxAttempts, delay);

            // The backoff is waited out of the ring: the others' turns go on meanwhile.
            turns.Leave(part.UserId);
            await Task.Delay(delay, timeProvider, abort).ConfigureAwait(false);
        }
    }

    // Each request waits for the user's turn (FairTurns). The fetch deadline runs only while the user is not waiting
    // for a turn: under a binding limit every other user's turn comes first, and that wait is the engine's, not a
    // hung upstream's.
    private async Task<FairTurns.Turn> TakeTurnAsync(UserPart part, bool continuation, FetchClock clock, CancellationToken abort)
    {
        if (!continuation && part.GrantedTurn is { } granted)
        {
            // The turn the round waited for before it planned: the first live request is sent on it.
            part.GrantedTurn = null;
            clock.Resume();
            return granted;
        }

        clock.Pause();
        var turn = await turns.TakeAsync(part.UserId, continuation, abort).ConfigureAwait(false);
        clock.Resume();
        return turn;
    }

    private static void ReleaseGrantedTurn(UserPart part)
    {
        part.GrantedTurn?.Dispose();
        part.GrantedTurn = null;
    }

    private async Task LearnTimeZoneAsync(UserPart part, long userId, CancellationToken abort)
    {
        var zone = part.Requests.Select(r => r.Result).FirstOrDefault(r => r is { IsSuccess: true, TimeZone: not null })?.TimeZone;
        if (zone is not null && zone != part.TimeZone)
        {
            part.TimeZone = zone;
            await SaveTimeZoneAsync(userId, zone, abort).ConfigureAwait(false);
        }
    }

    private static bool IsTransient(FetchResult result) => result.Error is { } error && WithingsErrors.IsTransient(error);

    private async Task<bool> HandleAsync(UserPart part, WithingsUserData data, Activity? activity, BatchCounts counts, CancellationToken abort)
    {
        // The receiver's HandlerTimeout cuts each attempt, as it does for the per-notification handler; at most
        // UserConcurrency users' handlers run at once.
        (int Attempts, Exception? Error) outcome;
        await handlerSlots.WaitAsync(abort).ConfigureAwait(false);
        try
        {
            outcome = await handlerAttempts.RunAsync(
                "The Withings data handler",
                (services, token) => services.GetRequiredService<IWithingsDataHandler>().HandleAsync(data, token),
                part.Items.Count,
                abort).ConfigureAwait(false);
        }
        finally
        {
            handlerSlots.Release();
        }

        var (attempts, error) = outcome;
        activity?.SetTag("withings.attempts", attempts);
        if (error is null)
        {
            return true;
        }

        activity?.SetStatus(ActivityStatusCode.Error, "the data handler failed on every attempt");
        foreach (var item in part.Items)
        {
            await ledger.WriteAsync(new WithingsDeadLetter(item, WithingsDeadLetterReason.HandlerFailed, error.Message, error, attempts), null, abort).ConfigureAwait(false);
        }

        counts.DeadLettered(part.Items.Count);
        return false;
    }

    private async Task SettleAsync(UserPart part, Activity? activity, BatchCounts counts, CancellationToken abort)
    {
        var failedByCategory = new Dictionary<NotificationCategory, FetchResult>();
        var fetched = new Dictionary<NotificationCategory, DateTimeOffset?>();
        foreach (var request in part.Requests.Where(r => r.Result is not null))
        {
            var result = request.Result!;
            if (!result.IsSuccess)
            {
                failedByCategory.TryAdd(request.Category, result);
            }

            // Withings' clock for the category's data: the latest it returned, every page read.
            fetched.TryGetValue(request.Category, out var latest);
            fetched[request.Category] = result.DataUpdatedAt is { } updatedAt && (latest is null || updatedAt > latest) ? updatedAt : latest;
        }

        if (part.UserId is { } userId)
        {
            foreach (var (category, updatedAt) in fetched)
            {
                if (!failedByCategory.ContainsKey(category) && updatedAt is { } cursor)
                {
                    await AdvanceCursorAsync(userId, category, cursor, abort).ConfigureAwait(false);
                }
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
                await ledger.WriteAsync(new WithingsDeadLetter(item, WithingsDeadLetterReason.FetchFailed, error.Message, error, attempts), null, abort).ConfigureAwait(false);
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

    private Task SaveTimeZoneAsync(long userId, string zone, CancellationToken abort) =>
        // The store is user code: a zone not saved is read again from the next answer.
        Guarded.RunAsync(() => contexts.SaveTimeZoneAsync(userId, zone, abort).AsTask(), exception => SyncLog.StoreFailed(logger, exception, "time zone"), abort);

    private Task AdvanceCursorAsync(long userId, NotificationCategory category, DateTimeOffset syncedUpTo, CancellationToken abort) =>
        // A cursor not advanced only means fetching the same data again next time.
        Guarded.RunAsync(() => contexts.AdvanceCursorAsync(userId, category, syncedUpTo, abort).AsTask(), exception => SyncLog.StoreFailed(logger, exception, "cursor"), abort);

    /// <summary>
    /// The fetch deadline, counted from the user's first turn and stopped while the user waits for a later one: what it
    /// bounds is the time the user's requests, pages, retries and handlers take, not the queue of other users' turns.
    /// </summary>
    private sealed class FetchClock(CancellationTokenSource deadline, TimeSpan fetchDeadline, TimeProvider timeProvider)
    {
        private readonly Lock _gate = new();
        private TimeSpan _left = fetchDeadline;
        private long _since;
        private bool _running;

        public void Resume()
        {
            lock (_gate)
            {
                if (!_running)
                {
                    _running = true;
                    _since = timeProvider.GetTimestamp();
                    deadline.CancelAfter(_left > TimeSpan.Zero ? _left : TimeSpan.Zero);
                }
            }
        }

        public void Pause()
        {
            lock (_gate)
            {
                if (_running && !deadline.IsCancellationRequested)
                {
                    _running = false;
                    _left -= timeProvider.GetElapsedTime(_since);
                    deadline.CancelAfter(Timeout.InfiniteTimeSpan);
                }
            }
        }
    }
}
