using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Drains the queue into the user's handler, <see cref="WithingsReceiverOptions.HandlerConcurrency"/> at a time.
/// Stopping the host drains: the queue stops accepting, and what was acknowledged is still handled until the host's
/// shutdown timeout, when the handlers' token is cancelled.
/// </summary>
internal sealed class NotificationDispatcher : BackgroundService
{
    private readonly IWithingsNotificationQueue _queue;
    private readonly IServiceScopeFactory _scopes;
    private readonly IServiceProviderIsService _registrations;
    private readonly FetchPlanner _planner;
    private readonly IWithingsDeadLetterSink _deadLetters;
    private readonly ReceiverMetrics _metrics;
    private readonly WithingsReceiverOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    // Stopping only ends the intake; this ends the work, at the host's shutdown deadline.
    private readonly CancellationTokenSource _abort = new();

    public NotificationDispatcher(
        IWithingsNotificationQueue queue,
        IServiceScopeFactory scopes,
        IServiceProviderIsService registrations,
        FetchPlanner planner,
        IWithingsDeadLetterSink deadLetters,
        ReceiverMetrics metrics,
        IOptions<WithingsReceiverOptions> options,
        TimeProvider timeProvider,
        ILogger<NotificationDispatcher> logger)
    {
        _queue = queue;
        _scopes = scopes;
        _registrations = registrations;
        _planner = planner;
        _deadLetters = deadLetters;
        _metrics = metrics;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
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
        ReceiverLog.Draining(_logger, _queue.Count);
        _queue.StopAccepting();
        using (cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _abort))
        {
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_abort.IsCancellationRequested && _queue.Count > 0)
        {
            ReceiverLog.DrainIncomplete(_logger, _queue.Count);
        }
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // stoppingToken is deliberately not used: a stop request means "drain", not "drop what is queued".
        var abort = _abort.Token;
        var workers = new Task[_options.HandlerConcurrency];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => RunWorkerAsync(abort), CancellationToken.None);
        }

        return Task.WhenAll(workers);
    }

    private async Task RunWorkerAsync(CancellationToken abort)
    {
        while (!abort.IsCancellationRequested)
        {
            try
            {
                await foreach (var item in _queue.ReadAllAsync(abort).ConfigureAwait(false))
                {
                    await ProcessAsync(item, abort).ConfigureAwait(false);
                }

                return;
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

    private async Task ProcessAsync(ReceivedNotification item, CancellationToken abort)
    {
        using var activity = ReceiverActivitySource.Instance.StartActivity("Withings notification", ActivityKind.Consumer);
        if (!item.IsParsed)
        {
            await DeadLetterAsync(new WithingsDeadLetter(WithingsDeadLetterReason.Unparseable, item.Body, item.ParseError.Message, null, null, 0, item.ReceivedAt), activity, abort).ConfigureAwait(false);
        }
        else
        {
            var notification = item.Notification;
            activity?.SetTag("withings.appli", notification.Appli);
            FetchPlan? plan;
            try
            {
                plan = _planner.Plan(notification);
            }
#pragma warning disable CA1031 // A notification the planner cannot plan will never plan: dead-letter it, keep going.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                ReceiverLog.PlanningFailed(_logger, exception, notification.Appli);
                plan = null;
                await DeadLetterAsync(new WithingsDeadLetter(WithingsDeadLetterReason.PlanningFailed, item.Body, exception.Message, notification, exception, 0, item.ReceivedAt), activity, abort).ConfigureAwait(false);
            }

            if (plan is not null)
            {
                activity?.SetTag("withings.requests", plan.Requests.Count);
                await HandleWithRetriesAsync(item, notification, plan, activity, abort).ConfigureAwait(false);
            }
        }

        await MarkProcessedAsync(item, abort).ConfigureAwait(false);
    }

    private async Task HandleWithRetriesAsync(ReceivedNotification item, WithingsNotification notification, FetchPlan plan, Activity? activity, CancellationToken abort)
    {
        for (var attempt = 1; ; attempt++)
        {
            var started = _timeProvider.GetTimestamp();
            try
            {
                var scope = _scopes.CreateAsyncScope();
                await using (scope.ConfigureAwait(false))
                {
                    var handler = scope.ServiceProvider.GetRequiredService<IWithingsNotificationHandler>();
                    await handler.HandleAsync(notification, plan, abort).ConfigureAwait(false);
                }

                _metrics.HandlerDuration(_timeProvider.GetElapsedTime(started), notification.Appli, succeeded: true);
                _metrics.Handled(notification.Appli);
                activity?.SetTag("withings.attempts", attempt);
                activity?.SetTag("withings.outcome", "handled");
                return;
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
                if (attempt >= _options.HandlerMaxAttempts)
                {
                    ReceiverLog.HandlerGaveUp(_logger, exception, notification.Appli, attempt);
                    activity?.SetTag("withings.attempts", attempt);
                    await DeadLetterAsync(new WithingsDeadLetter(WithingsDeadLetterReason.HandlerFailed, item.Body, exception.Message, notification, exception, attempt, item.ReceivedAt), activity, abort).ConfigureAwait(false);
                    return;
                }

                var delay = RetryDelay(attempt);
                ReceiverLog.HandlerRetrying(_logger, exception, notification.Appli, attempt, _options.HandlerMaxAttempts, delay);
                await Task.Delay(delay, _timeProvider, abort).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The delay after a failed attempt: the base delay, doubled each time, capped at one hour.</summary>
    internal TimeSpan RetryDelay(int failedAttempt)
    {
        var factor = Math.Pow(2, Math.Min(failedAttempt - 1, 30));
        var ticks = Math.Min(_options.HandlerRetryBaseDelay.Ticks * factor, TimeSpan.FromHours(1).Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    private async Task DeadLetterAsync(WithingsDeadLetter deadLetter, Activity? activity, CancellationToken abort)
    {
        _metrics.DeadLettered(deadLetter.Reason);
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

    private async Task MarkProcessedAsync(ReceivedNotification item, CancellationToken abort)
    {
        try
        {
            await _queue.MarkProcessedAsync(item, abort).ConfigureAwait(false);
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
    }
}
