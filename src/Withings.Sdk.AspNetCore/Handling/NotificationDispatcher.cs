using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Drains the queue into the user's handler, <see cref="WithingsReceiverOptions.HandlerConcurrency"/> at a time.
/// A failed attempt does not keep its slot during the backoff: the notification waits on a timer (driven by the
/// <see cref="TimeProvider"/>) and comes back through the same ready channel the workers read, still unprocessed in the
/// queue, so a durable queue delivers it again after a crash. Each attempt is cut at
/// <see cref="WithingsReceiverOptions.HandlerTimeout"/>. Stopping the host drains: the queue stops accepting, and what was
/// acknowledged is still handled until the host's shutdown timeout; then the handlers' token is cancelled, what is left
/// is logged and counted (an in-memory store dead-letters its own leftovers once the host has stopped).
/// </summary>
internal sealed class NotificationDispatcher : BackgroundService
{
    // Once the shutdown deadline cancelled the handlers, how long the workers get to notice before leftovers are taken.
    private static readonly TimeSpan AbortGrace = TimeSpan.FromSeconds(5);

    private readonly IWithingsReceiverStore _store;
    private readonly IServiceScopeFactory _scopes;
    private readonly IServiceProviderIsService _registrations;
    private readonly FetchPlanner _planner;
    private readonly DeadLetterWriter _deadLetters;
    private readonly ReceiverMetrics _metrics;
    private readonly WithingsReceiverOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    // Stopping only ends the intake; this ends the work, at the host's shutdown deadline.
    private readonly CancellationTokenSource _abort = new();

    // What the workers read: fresh notifications (at most one per free slot is taken from the queue) and due retries.
    private readonly Channel<Attempt> _ready = Channel.CreateUnbounded<Attempt>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = false });
    private readonly SemaphoreSlim _freeSlots;

    // Taken from the queue and not yet marked processed: in a handler, waiting for a retry, or ready.
    private readonly ConcurrentDictionary<ReceivedNotification, Attempt> _inHand = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<RetryState, byte> _retryTimers = new();
    private int _intakeEnded;

    public NotificationDispatcher(
        IWithingsReceiverStore store,
        IServiceScopeFactory scopes,
        IServiceProviderIsService registrations,
        FetchPlanner planner,
        DeadLetterWriter deadLetters,
        ReceiverMetrics metrics,
        IOptions<WithingsReceiverOptions> options,
        TimeProvider timeProvider,
        ILogger<NotificationDispatcher> logger)
    {
        _store = store;
        _scopes = scopes;
        _registrations = registrations;
        _planner = planner;
        _deadLetters = deadLetters;
        _metrics = metrics;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _freeSlots = new SemaphoreSlim(_options.HandlerConcurrency, _options.HandlerConcurrency);
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_registrations.IsService(typeof(IWithingsNotificationHandler)))
        {
            throw new InvalidOperationException(
                "No IWithingsNotificationHandler is registered: call services.AddWithingsNotifications().AddReceiver().AddHandler<YourHandler>().");
        }

        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        var waiting = Math.Max(_store.GetStatus().Waiting, 0) + _inHand.Count;
        ReceiverLog.Draining(_logger, waiting);
        _store.StopAccepting();

        // Returns when the drain is done or when the host's shutdown timeout cancels the token, whichever comes first.
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        var execution = ExecuteTask;
        if (execution is null || execution.IsCompleted)
        {
            return;
        }

        await _abort.CancelAsync().ConfigureAwait(false);
        try
        {
            await execution.WaitAsync(AbortGrace, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A worker stuck in user code that ignores cancellation: its notification is counted below anyway.
        }

        await ReportLeftoversAsync().ConfigureAwait(false);
    }

    public override void Dispose()
    {
        CancelRetryTimers();
        _abort.Dispose();
        _freeSlots.Dispose();
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // stoppingToken is deliberately not used: a stop request means "drain", not "drop what is queued".
        var abort = _abort.Token;
        var tasks = new Task[_options.HandlerConcurrency + 1];
        tasks[0] = Task.Run(() => FeedAsync(abort), CancellationToken.None);
        for (var i = 1; i < tasks.Length; i++)
        {
            tasks[i] = Task.Run(() => RunWorkerAsync(abort), CancellationToken.None);
        }

        return Task.WhenAll(tasks);
    }

    /// <summary>Takes one notification from the queue per free handler slot, so the rest stay in the queue.</summary>
    private async Task FeedAsync(CancellationToken abort)
    {
        var holdingSlot = false;
        try
        {
            while (!abort.IsCancellationRequested)
            {
                if (holdingSlot)
                {
                    holdingSlot = false;
                    _freeSlots.Release();
                }

                try
                {
                    var enumerator = _store.ReadAllAsync(abort).GetAsyncEnumerator(abort);
                    await using (enumerator.ConfigureAwait(false))
                    {
                        while (true)
                        {
                            await _freeSlots.WaitAsync(abort).ConfigureAwait(false);
                            holdingSlot = true;
                            if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                            {
                                return;
                            }

                            var attempt = new Attempt(enumerator.Current, null, 0, HoldsSlot: true);
                            _inHand[attempt.Item] = attempt;
                            holdingSlot = false;
                            _ready.Writer.TryWrite(attempt);
                        }
                    }
                }
                catch (OperationCanceledException) when (abort.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // A failing queue (a broker's connection) must not stop the host: log and read again.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    ReceiverLog.ReaderFailed(_logger, exception);
                    try
                    {
                        await Task.Delay(_options.HandlerRetryBaseDelay, _timeProvider, abort).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
        }
        finally
        {
            Volatile.Write(ref _intakeEnded, 1);
            CompleteWhenIdle();
        }
    }

    private async Task RunWorkerAsync(CancellationToken abort)
    {
        try
        {
            await foreach (var attempt in _ready.Reader.ReadAllAsync(abort).ConfigureAwait(false))
            {
                await ProcessAsync(attempt, abort).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // The host stops for good: what is in hand stays unprocessed, and StopAsync reports it.
        }
    }

    private async Task ProcessAsync(Attempt attempt, CancellationToken abort)
    {
        var item = attempt.Item;
        using var activity = ReceiverActivitySource.Instance.StartActivity("Withings notification", ActivityKind.Consumer);
        if (!item.IsParsed)
        {
            // The parse error's value-free description: the body is the dead letter's, not the log's or the error's.
            await DeadLetterAsync(new WithingsDeadLetter(item, WithingsDeadLetterReason.Unparseable, item.ParseError.Description, null, 0), activity, abort).ConfigureAwait(false);
            await FinishAsync(attempt, abort).ConfigureAwait(false);
            return;
        }

        var notification = item.Notification;
        activity?.SetTag("withings.appli", (int)notification.Appli);
        var plan = attempt.Plan;
        if (plan is null)
        {
            try
            {
                plan = _planner.Plan(notification);
            }
#pragma warning disable CA1031 // A notification the planner cannot plan will never plan: dead-letter it, keep going.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                ReceiverLog.PlanningFailed(_logger, exception, (int)notification.Appli);
                await DeadLetterAsync(new WithingsDeadLetter(item, WithingsDeadLetterReason.PlanningFailed, exception.Message, exception, 0), activity, abort).ConfigureAwait(false);
                await FinishAsync(attempt, abort).ConfigureAwait(false);
                return;
            }
        }

        activity?.SetTag("withings.requests", plan.Requests.Count);
        var number = attempt.FailedAttempts + 1;
        activity?.SetTag("withings.attempts", number);
        _metrics.Trail.HandlerCalled(item, plan.Requests, number);
        var started = _timeProvider.GetTimestamp();
        try
        {
            await RunHandlerAsync(notification, plan, abort).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // The host stops for good: leave the notification unprocessed, so a durable queue delivers it again.
            throw;
        }
#pragma warning disable CA1031 // User code: any failure is retried, then dead-lettered; never crashes the host.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _metrics.HandlerDuration(_timeProvider.GetElapsedTime(started), notification.Appli, succeeded: false);
            if (number >= _options.HandlerMaxAttempts)
            {
                ReceiverLog.HandlerGaveUp(_logger, exception, (int)notification.Appli, number);
                await DeadLetterAsync(new WithingsDeadLetter(item, WithingsDeadLetterReason.HandlerFailed, exception.Message, exception, number), activity, abort).ConfigureAwait(false);
                await FinishAsync(attempt, abort).ConfigureAwait(false);
                return;
            }

            var delay = RetryDelay(number);
            ReceiverLog.HandlerRetrying(_logger, exception, (int)notification.Appli, number, _options.HandlerMaxAttempts, delay);
            activity?.SetTag("withings.outcome", "retrying");
            ScheduleRetry(attempt with { Plan = plan, FailedAttempts = number, HoldsSlot = false }, delay);
            ReleaseSlot(attempt);
            return;
        }

        _metrics.HandlerDuration(_timeProvider.GetElapsedTime(started), notification.Appli, succeeded: true);
        _metrics.Handled(notification.Appli);
        _metrics.Trail.Handled(item);
        activity?.SetTag("withings.outcome", "handled");
        await FinishAsync(attempt, abort).ConfigureAwait(false);
    }

    /// <summary>
    /// One attempt, cut at the handler timeout. A handler that ignores its token is abandoned (it runs on, its scope
    /// disposed when it ends) so that its slot serves the next notification.
    /// </summary>
    private async Task RunHandlerAsync(WithingsNotification notification, FetchPlan plan, CancellationToken abort)
    {
        using var timeout = _options.HandlerTimeout == Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(_options.HandlerTimeout, _timeProvider);
        using var attemptToken = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(abort, timeout.Token);
        var token = attemptToken?.Token ?? abort;
        var scope = _scopes.CreateAsyncScope();
        Task handling;
        try
        {
            handling = scope.ServiceProvider.GetRequiredService<IWithingsNotificationHandler>().HandleAsync(notification, plan, token);
        }
        catch
        {
            await scope.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        try
        {
            await handling.WaitAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout?.IsCancellationRequested == true && !abort.IsCancellationRequested)
        {
            Abandon(handling, scope);
            throw new TimeoutException($"The handler did not finish within HandlerTimeout ({_options.HandlerTimeout}).");
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            Abandon(handling, scope);
            throw;
        }
        catch
        {
            await scope.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await scope.DisposeAsync().ConfigureAwait(false);
    }

    private static void Abandon(Task handling, AsyncServiceScope scope)
    {
        if (handling.IsCompleted)
        {
            _ = handling.Exception;
            scope.DisposeAsync().AsTask().ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            return;
        }

        handling.ContinueWith(
            static (task, state) =>
            {
                _ = task.Exception;
                return ((AsyncServiceScope)state!).DisposeAsync().AsTask();
            },
            scope,
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default).Unwrap().ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
    }

    private void ScheduleRetry(Attempt retry, TimeSpan delay)
    {
        _inHand[retry.Item] = retry;
        if (delay <= TimeSpan.Zero)
        {
            _ready.Writer.TryWrite(retry);
            return;
        }

        // Registered before the timer exists, so that a callback firing at once finds it.
        var state = new RetryState(this, retry);
        _retryTimers[state] = 0;
        state.Timer = _timeProvider.CreateTimer(static s => ((RetryState)s!).Fire(), state, delay, Timeout.InfiniteTimeSpan);
    }

    private void CancelRetryTimers()
    {
        foreach (var state in _retryTimers.Keys)
        {
            state.Cancel();
        }
    }

    /// <summary>The delay after a failed attempt: the base delay, doubled each time, capped at one hour.</summary>
    internal TimeSpan RetryDelay(int failedAttempt)
    {
        var factor = Math.Pow(2, Math.Min(failedAttempt - 1, 30));
        var ticks = Math.Min(_options.HandlerRetryBaseDelay.Ticks * factor, TimeSpan.FromHours(1).Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    private async Task FinishAsync(Attempt attempt, CancellationToken abort)
    {
        try
        {
            await _store.CompleteAsync(attempt.Item, abort).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A broker that cannot acknowledge delivers again: the handler is idempotent.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            ReceiverLog.MarkProcessedFailed(_logger, exception);
        }
        finally
        {
            _inHand.TryRemove(attempt.Item, out _);
            ReleaseSlot(attempt);
            CompleteWhenIdle();
        }
    }

    private void ReleaseSlot(Attempt attempt)
    {
        if (attempt.HoldsSlot)
        {
            _freeSlots.Release();
        }
    }

    // The drain ends once the queue is empty and closed and nothing is in hand (no retry pending).
    private void CompleteWhenIdle()
    {
        if (Volatile.Read(ref _intakeEnded) == 1 && _inHand.IsEmpty)
        {
            _ready.Writer.TryComplete();
        }
    }

    private async Task DeadLetterAsync(WithingsDeadLetter deadLetter, Activity? activity, CancellationToken abort)
    {
        _metrics.DeadLettered(deadLetter.Reason);
        _metrics.Trail.DeadLettered(deadLetter);
        activity?.SetTag("withings.outcome", "dead_lettered");
        activity?.SetTag("withings.dead_letter.reason", ReceiverMetrics.ReasonName(deadLetter.Reason));
        activity?.SetStatus(ActivityStatusCode.Error, deadLetter.Error);
        try
        {
            await _deadLetters.WriteAsync(deadLetter, abort).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The sink is user code: its failure is logged, never crashes the host.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            ReceiverLog.DeadLetterSinkFailed(_logger, exception, deadLetter.Reason);
        }
    }

    /// <summary>
    /// After the deadline: logs and counts what was not handled. A durable store hands it out again on restart; the
    /// in-memory store dead-letters its own once the host has stopped.
    /// </summary>
    private Task ReportLeftoversAsync()
    {
        CancelRetryTimers();
        var left = _inHand.Count + Math.Max(_store.GetStatus().Waiting, 0);
        ReceiverLog.DrainIncomplete(_logger, left);
        _metrics.Undrained(left);
        return Task.CompletedTask;
    }

    /// <summary>A notification taken from the queue, its plan once made, and its failed attempts so far.</summary>
    private sealed record Attempt(ReceivedNotification Item, FetchPlan? Plan, int FailedAttempts, bool HoldsSlot);

    private sealed class RetryState(NotificationDispatcher dispatcher, Attempt retry)
    {
        public ITimer? Timer { get; set; }

        public void Fire()
        {
            if (dispatcher._retryTimers.TryRemove(this, out _))
            {
                Timer?.Dispose();
                dispatcher._ready.Writer.TryWrite(retry);
            }
        }

        public void Cancel()
        {
            if (dispatcher._retryTimers.TryRemove(this, out _))
            {
                Timer?.Dispose();
            }
        }
    }
}
