using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The delivery loop's stage for <c>AddHandler</c>: each notification, planned alone, goes to the user's
/// <see cref="IWithingsNotificationHandler"/>, <see cref="WithingsReceiverOptions.HandlerConcurrency"/> at a time. A
/// failed attempt does not keep its slot during the backoff: the notification waits on a timer (driven by the
/// <see cref="TimeProvider"/>) and comes back through the same ready channel the workers read, still unsettled in the
/// store, so a durable store delivers it again after a crash.
/// </summary>
internal sealed class HandlerStage(
    DeliveryLedger ledger,
    IServiceScopeFactory scopes,
    IServiceProviderIsService registrations,
    FetchPlanner planner,
    ReceiverMetrics metrics,
    IOptions<WithingsReceiverOptions> options,
    TimeProvider timeProvider,
    ILogger<HandlerStage> logger) : IDeliveryStage
{
    private readonly WithingsReceiverOptions _options = options.Value;

    // What the workers read: fresh notifications (the loop reads one per free slot) and due retries.
    private readonly Channel<Attempt> _ready = Channel.CreateUnbounded<Attempt>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = false });
    private readonly ConcurrentDictionary<RetryState, byte> _retryTimers = new();

    // Taken from the loop and not settled yet: in a handler, waiting for a retry, or ready.
    private int _open;
    private int _intakeEnded;

    public DeliveryRoom Room { get; } = new(options.Value.HandlerConcurrency);

    public void EnsureReady()
    {
        if (!registrations.IsService(typeof(IWithingsNotificationHandler)))
        {
            throw new InvalidOperationException(
                "No IWithingsNotificationHandler is registered: call services.AddWithingsNotifications().AddReceiver().AddHandler<YourHandler>().");
        }
    }

    public async Task RunAsync(ChannelReader<ReceivedNotification> arrivals, CancellationToken abort)
    {
        var workers = new Task[_options.HandlerConcurrency + 1];
        workers[0] = Task.Run(() => ForwardAsync(arrivals, abort), CancellationToken.None);
        for (var i = 1; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => RunWorkerAsync(abort), CancellationToken.None);
        }

        try
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        finally
        {
            CancelRetryTimers();
        }
    }

    public void Dispose()
    {
        CancelRetryTimers();
        Room.Dispose();
    }

    private async Task ForwardAsync(ChannelReader<ReceivedNotification> arrivals, CancellationToken abort)
    {
        try
        {
            await foreach (var item in arrivals.ReadAllAsync(abort).ConfigureAwait(false))
            {
                Interlocked.Increment(ref _open);
                _ready.Writer.TryWrite(new Attempt(item, null, 0, HoldsSlot: true));
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // The host stops for good: what is in hand stays unsettled.
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
            // The host stops for good: what is in hand stays unsettled, and the loop reports it.
        }
    }

    private async Task ProcessAsync(Attempt attempt, CancellationToken abort)
    {
        var item = attempt.Item;
        using var activity = ReceiverActivitySource.Instance.StartActivity(
            "Withings notification", ActivityKind.Consumer, default(ActivityContext), links: NotificationTraceLinks.Of([item]));
        if (!item.IsParsed)
        {
            await ledger.RefuseUnparseableAsync(item, activity, abort).ConfigureAwait(false);
            Finished(attempt);
            return;
        }

        var notification = item.Notification;
        activity?.SetTag("withings.appli", (int)notification.Appli);
        var plan = attempt.Plan;
        if (plan is null)
        {
            try
            {
                plan = planner.Plan(notification);
            }
#pragma warning disable CA1031 // A notification the planner cannot plan will never plan: dead-letter it, keep going.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                DeliveryLog.PlanningFailed(logger, exception, (int)notification.Appli);
                await ledger.DeadLetterAsync(item, new WithingsDeadLetter(item, WithingsDeadLetterReason.PlanningFailed, exception.Message, exception, 0), activity, abort).ConfigureAwait(false);
                Finished(attempt);
                return;
            }
        }

        activity?.SetTag("withings.requests", plan.Requests.Count);
        var number = attempt.FailedAttempts + 1;
        activity?.SetTag("withings.attempts", number);
        ledger.Calling(item, plan.Requests, number);
        var started = timeProvider.GetTimestamp();
        try
        {
            await TimedAttempt.RunAsync(
                scopes,
                _options.HandlerTimeout,
                "The handler",
                (services, token) => services.GetRequiredService<IWithingsNotificationHandler>().HandleAsync(notification, plan, token),
                timeProvider,
                abort).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // The host stops for good: leave the notification unsettled, so a durable store delivers it again.
            throw;
        }
#pragma warning disable CA1031 // User code: any failure is retried, then dead-lettered; never crashes the host.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            metrics.HandlerDuration(timeProvider.GetElapsedTime(started), notification.Appli, succeeded: false);
            ledger.Failed(item, number);
            if (Backoff.IsLast(number, _options.Retry))
            {
                DeliveryLog.GaveUp(logger, exception, Work(notification), number, 1);
                await ledger.DeadLetterAsync(item, new WithingsDeadLetter(item, WithingsDeadLetterReason.HandlerFailed, exception.Message, exception, number), activity, abort).ConfigureAwait(false);
                Finished(attempt);
                return;
            }

            var delay = Backoff.After(number, _options.Retry);
            DeliveryLog.Retrying(logger, exception, Work(notification), number, _options.Retry.MaxAttempts, delay);
            activity?.SetTag("withings.outcome", "retrying");
            ScheduleRetry(attempt with { Plan = plan, FailedAttempts = number, HoldsSlot = false }, delay);
            FreeSlot(attempt);
            return;
        }

        metrics.HandlerDuration(timeProvider.GetElapsedTime(started), notification.Appli, succeeded: true);
        metrics.Handled(notification.Appli);
        activity?.SetTag("withings.outcome", "handled");
        await ledger.CompleteAsync(item, abort).ConfigureAwait(false);
        Finished(attempt);
    }

    private static string Work(WithingsNotification notification) => $"The Withings notification handler (appli {(int)notification.Appli})";

    private void ScheduleRetry(Attempt retry, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            _ready.Writer.TryWrite(retry);
            return;
        }

        // Registered before the timer exists, so that a callback firing at once finds it.
        var state = new RetryState(this, retry);
        _retryTimers[state] = 0;
        state.Timer = timeProvider.CreateTimer(static s => ((RetryState)s!).Fire(), state, delay, Timeout.InfiniteTimeSpan);
    }

    private void CancelRetryTimers()
    {
        foreach (var state in _retryTimers.Keys)
        {
            state.Cancel();
        }
    }

    private void Finished(Attempt attempt)
    {
        FreeSlot(attempt);
        Interlocked.Decrement(ref _open);
        CompleteWhenIdle();
    }

    private void FreeSlot(Attempt attempt)
    {
        if (attempt.HoldsSlot)
        {
            Room.Free();
        }
    }

    // The stage is done once the intake ended and nothing is in hand (no retry pending).
    private void CompleteWhenIdle()
    {
        if (Volatile.Read(ref _intakeEnded) == 1 && Volatile.Read(ref _open) == 0)
        {
            _ready.Writer.TryComplete();
        }
    }

    /// <summary>A notification taken from the loop, its plan once made, and its failed attempts so far.</summary>
    private sealed record Attempt(ReceivedNotification Item, FetchPlan? Plan, int FailedAttempts, bool HoldsSlot);

    private sealed class RetryState(HandlerStage stage, Attempt retry)
    {
        public ITimer? Timer { get; set; }

        public void Fire()
        {
            if (stage._retryTimers.TryRemove(this, out _))
            {
                Timer?.Dispose();
                stage._ready.Writer.TryWrite(retry);
            }
        }

        public void Cancel()
        {
            if (stage._retryTimers.TryRemove(this, out _))
            {
                Timer?.Dispose();
            }
        }
    }
}
