using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Runs one turn: dead-letters what did not parse, plans the rest with each user's context, then fetches and hands
/// over each user's part on its own (their requests taking turns, <see cref="FairTurns"/>), so that nothing
/// about one user holds another back; profile actions go to their callback last. A part whose results stopped at the
/// page cap is kept and read on in the next turn, with whatever arrived meanwhile.
/// </summary>
internal sealed class SyncBatchProcessor(
    FetchPlanner planner,
    IWithingsUserContextStore contexts,
    IServiceScopeFactory scopes,
    IServiceProvider services,
    DeliveryLedger ledger,
    ReceiverMetrics metrics,
    IOptionsMonitor<WithingsSyncOptions> options,
    IOptions<WithingsReceiverOptions> receiverOptions,
    TimeProvider timeProvider,
    ILogger<SyncBatchProcessor> logger)
{
    // The parts with pages left, by user, for the next turn; written by the users' parts running at once.
    private readonly Dictionary<long, UserPart> _pending = [];

    public async Task ProcessAsync(IReadOnlyList<ReceivedNotification> batch, FairTurns turns, CancellationToken abort)
    {
        using var activity = ReceiverActivitySource.Instance.StartActivity("Withings sync batch", ActivityKind.Internal);
        activity?.SetTag("withings.notifications", batch.Count);
        var settings = options.CurrentValue;
        var counts = new BatchCounts();
        var data = new List<ReceivedNotification>(batch.Count);
        var profiles = new List<ReceivedNotification>();
        foreach (var item in batch)
        {
            if (!item.IsParsed)
            {
                await ledger.RefuseUnparseableAsync(item, null, abort).ConfigureAwait(false);
                counts.DeadLettered();
            }
            else
            {
                (item.Notification is UserProfileNotification ? profiles : data).Add(item);
            }
        }

        var userContexts = new Dictionary<long, WithingsUserContext>();
        foreach (var userId in data.Select(i => i.Notification!.UserId).OfType<long>().Distinct())
        {
            userContexts[userId] = await ReadContextAsync(userId, abort).ConfigureAwait(false);
        }

        var unplannable = new List<(ReceivedNotification Item, Exception Error)>();
        var batchPlanner = new SyncBatchPlanner(planner, logger);
        var parts = batchPlanner.Plan(data, userContexts, unplannable);
        foreach (var (item, error) in unplannable)
        {
            await ledger.DeadLetterAsync(item, new WithingsDeadLetter(item, WithingsDeadLetterReason.PlanningFailed, error.Message, error, 0), null, abort).ConfigureAwait(false);
            counts.DeadLettered();
        }

        var planned = parts.Sum(p => p.Requests.Count);
        activity?.SetTag("withings.requests", planned);
        SyncLog.BatchPlanned(logger, batch.Count, parts.Count, planned);
        var work = TakeWork(parts);
        var client = services.GetRequiredService<IWithingsDataClient>();
        using var handlerSlots = new SemaphoreSlim(settings.UserConcurrency, settings.UserConcurrency);
        var handlerAttempts = new RetriedAttempts(scopes, receiverOptions.Value.HandlerTimeout, settings.Retry, timeProvider, logger);
        var userSync = new UserSync(client, contexts, handlerAttempts, batchPlanner, ledger, metrics, settings, turns, handlerSlots, services.GetRequiredService<IOptionsMonitor<WithingsOptions>>().CurrentValue.ApiBaseAddress, timeProvider, logger);
        // The users with live requests to send take their places in the ring in the batch's order; a part with only
        // pages left to read takes turns among the continuations.
        turns.Join(work.Where(p => p.UserId is not null && p.Requests.Exists(r => r.Result is null || r.Result.Error is WithingsApiException { IsTransient: true })).Select(p => p.UserId));

        // Every user's part waits for its requests' turns at once (FairTurns: round robin, UserConcurrency requests
        // out at a time), so that users are served in turn rather than one part after the other.
        await Parallel.ForEachAsync(
            work,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(work.Count, 1), CancellationToken = abort },
            async (part, token) =>
            {
                if (!await userSync.RunAsync(part, counts, token).ConfigureAwait(false))
                {
                    lock (_pending)
                    {
                        _pending[part.UserId!.Value] = part;
                    }

                    return;
                }

                foreach (var item in part.Items)
                {
                    await ledger.CompleteAsync(item, token).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);

        var profileActions = new ProfileActions(handlerAttempts, services, contexts, ledger, metrics);
        foreach (var item in profiles)
        {
            await profileActions.RunAsync(item, counts, abort).ConfigureAwait(false);
            await ledger.CompleteAsync(item, abort).ConfigureAwait(false);
        }

        var summary = new WithingsSyncBatch(batch.Count, work.Count, planned + counts.PlannedLater, counts.Sent, counts.DeadLetteredCount);
        activity?.SetTag("withings.dead_lettered", summary.DeadLettered);
        await NotifyListenersAsync(summary, abort).ConfigureAwait(false);
    }

    /// <summary>Whether a user's part has pages left to read: the engine runs another turn even with no new notification.</summary>
    public bool HasPending
    {
        get
        {
            lock (_pending)
            {
                return _pending.Count > 0;
            }
        }
    }

    /// <summary>
    /// This turn's parts: the new ones, and the parts left with pages to read, which take in their user's new
    /// notifications (one part per user at a time, so that a category's cursor never moves while one of its requests
    /// still has pages).
    /// </summary>
    private List<UserPart> TakeWork(List<UserPart> parts)
    {
        Dictionary<long, UserPart> pending;
        lock (_pending)
        {
            pending = new Dictionary<long, UserPart>(_pending);
            _pending.Clear();
        }

        var work = new List<UserPart>(parts.Count + pending.Count);
        foreach (var part in parts.Where(p => p.Items.Count > 0))
        {
            if (part.UserId is { } userId && pending.Remove(userId, out var earlier))
            {
                earlier.Absorb(part);
                work.Add(earlier);
            }
            else
            {
                work.Add(part);
            }
        }

        work.AddRange(pending.Values);
        return work;
    }

    private async Task NotifyListenersAsync(WithingsSyncBatch summary, CancellationToken abort)
    {
        foreach (var listener in services.GetServices<IWithingsSyncListener>())
        {
            // A listener is user code: its failure is logged, never stops the engine.
            await Guarded.RunAsync(() => listener.OnBatchSyncedAsync(summary, abort), exception => SyncLog.ListenerFailed(logger, exception), abort).ConfigureAwait(false);
        }
    }

    // The store is user code or a file that can be full: a context that cannot be read is planned as a new user's
    // (zone learnt from the answers, the lookback for a cursor) and logged, rather than stopping the engine and the host.
    private Task<WithingsUserContext> ReadContextAsync(long userId, CancellationToken abort) =>
        Guarded.RunAsync(
            () => contexts.GetAsync(userId, abort).AsTask(),
            exception =>
            {
                SyncLog.StoreFailed(logger, exception, "user context read");
                return new WithingsUserContext(userId);
            },
            abort);
}
