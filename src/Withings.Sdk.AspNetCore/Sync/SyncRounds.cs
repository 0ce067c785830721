using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Runs one round of one user (<see cref="SyncStage"/> decides when): plans the notifications taken from the user's
/// desk with the user's context read now, then fetches and hands over the user's part (<see cref="UserSync"/>, its
/// requests taking turns in <see cref="FairTurns"/>), and runs the user's profile actions last. A part whose results
/// stopped at the page cap is returned, to be read on in the user's next round with whatever arrived meanwhile. Each
/// round is one <see cref="WithingsSyncBatch"/> for the listeners.
/// </summary>
internal sealed class SyncRounds(
    FetchPlanner planner,
    IWithingsUserContextStore contexts,
    IServiceScopeFactory scopes,
    IServiceProvider services,
    DeliveryLedger ledger,
    ReceiverMetrics metrics,
    IOptionsMonitor<WithingsSyncOptions> options,
    IOptions<WithingsReceiverOptions> receiverOptions,
    TimeProvider timeProvider,
    ILogger<SyncRounds> logger) : IDisposable
{
    private readonly SemaphoreSlim _handlerSlots = new(options.CurrentValue.UserConcurrency, options.CurrentValue.UserConcurrency);
    private readonly SyncBatchPlanner _planner = new(planner, logger);
    private UserSync? _userSync;
    private ProfileActions? _profileActions;
    private FairTurns? _turns;

    /// <summary>Binds the rounds to the turns of this run of the engine; called once, before the first round.</summary>
    public void Start(FairTurns turns)
    {
        var settings = options.CurrentValue;
        var handlerAttempts = new RetriedAttempts(scopes, receiverOptions.Value.HandlerTimeout, settings.Retry, timeProvider, logger);
        _turns = turns;
        _userSync = new UserSync(services.GetRequiredService<IWithingsDataClient>(), contexts, handlerAttempts, _planner, ledger, metrics, settings, turns, _handlerSlots, services.GetRequiredService<IOptionsMonitor<WithingsOptions>>().CurrentValue.ApiBaseAddress, timeProvider, logger);
        _profileActions = new ProfileActions(handlerAttempts, services, contexts, ledger, metrics);
    }

    /// <summary>Runs one round of a user.</summary>
    /// <param name="userId">The user; <see langword="null"/> for notifications without one.</param>
    /// <param name="items">What the round took from the user's desk (possibly nothing, when it only reads on).</param>
    /// <param name="pending">The user's part left with pages by its previous round, if any.</param>
    /// <param name="turn">The user's turn, granted before the round planned: its first live request goes on it.</param>
    /// <param name="abort">The shutdown deadline.</param>
    /// <returns>The user's part when pages are left to read in its next round; else <see langword="null"/>.</returns>
    public async Task<UserPart?> RunAsync(long? userId, IReadOnlyList<ReceivedNotification> items, UserPart? pending, FairTurns.Turn? turn, CancellationToken abort)
    {
        var turns = _turns ?? throw new InvalidOperationException("The sync rounds were not started.");
        using var activity = ReceiverActivitySource.Instance.StartActivity("Withings sync batch", ActivityKind.Internal);
        activity?.SetTag("withings.notifications", items.Count);
        var counts = new BatchCounts();
        var data = items.Where(i => i.Notification is not UserProfileNotification).ToList();
        var profiles = items.Where(i => i.Notification is UserProfileNotification).ToList();
        var part = pending;
        var planned = 0;
        try
        {
            if (data.Count > 0 && await PlanAsync(userId, data, counts, abort).ConfigureAwait(false) is { } fresh)
            {
                planned = fresh.Requests.Count;
                if (part is null)
                {
                    part = fresh;
                }
                else
                {
                    // One part per user at a time, so that a category's cursor never moves while one of its requests
                    // still has pages.
                    part.Absorb(fresh);
                }
            }

            activity?.SetTag("withings.requests", planned);
            SyncLog.BatchPlanned(logger, items.Count, part is null ? 0 : 1, planned);
            if (part is not null)
            {
                part.GrantedTurn = turn;
                if (await _userSync!.RunAsync(part, counts, abort).ConfigureAwait(false))
                {
                    foreach (var item in part.Items)
                    {
                        await ledger.CompleteAsync(item, abort).ConfigureAwait(false);
                    }

                    pending = null;
                }
                else
                {
                    pending = part;
                }
            }
        }
        finally
        {
            // A turn not used (nothing to send) goes to the next user; the user leaves the ring until its next round.
            turn?.Dispose();
            if (userId is not null)
            {
                turns.Leave(userId);
            }
        }

        foreach (var item in profiles)
        {
            await _profileActions!.RunAsync(item, counts, abort).ConfigureAwait(false);
            await ledger.CompleteAsync(item, abort).ConfigureAwait(false);
        }

        var summary = new WithingsSyncBatch(items.Count, part is null ? 0 : 1, planned + counts.PlannedLater, counts.Sent, counts.DeadLetteredCount);
        activity?.SetTag("withings.dead_lettered", summary.DeadLettered);
        await NotifyListenersAsync(summary, abort).ConfigureAwait(false);
        return pending;
    }

    /// <summary>Dead-letters a body that did not parse, as a round of its own.</summary>
    public async Task RefuseAsync(ReceivedNotification item, CancellationToken abort)
    {
        await ledger.RefuseUnparseableAsync(item, null, abort).ConfigureAwait(false);
        await NotifyListenersAsync(new WithingsSyncBatch(1, 0, 0, 0, 1), abort).ConfigureAwait(false);
    }

    public void Dispose() => _handlerSlots.Dispose();

    /// <summary>Plans a user's data notifications with the user's context as it is now; null when none could be planned.</summary>
    private async Task<UserPart?> PlanAsync(long? userId, List<ReceivedNotification> data, BatchCounts counts, CancellationToken abort)
    {
        var userContexts = new Dictionary<long, WithingsUserContext>();
        if (userId is { } id)
        {
            userContexts[id] = await ReadContextAsync(id, abort).ConfigureAwait(false);
        }

        var unplannable = new List<(ReceivedNotification Item, Exception Error)>();
        var parts = _planner.Plan(data, userContexts, unplannable);
        foreach (var (item, error) in unplannable)
        {
            await ledger.DeadLetterAsync(item, new WithingsDeadLetter(item, WithingsDeadLetterReason.PlanningFailed, error.Message, error, 0), null, abort).ConfigureAwait(false);
            counts.DeadLettered();
        }

        return parts.Find(p => p.Items.Count > 0);
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
