using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Every notification the loop read and no stage settled yet, and the two ways to settle one: complete it, or
/// dead-letter it (counted, tagged on the span, written to the sink) and complete it. What is in hand here is what a
/// shutdown cut short leaves, beside what the store still holds.
/// </summary>
internal sealed class DeliveryLedger(DeliveryStore store, ReceiverMetrics metrics, NotificationTrail trail, ILogger<DeliveryLedger> logger)
{
    // The value is the failed attempts so far, for the dead letter a cut drain writes.
    private readonly ConcurrentDictionary<ReceivedNotification, int> _inHand = new(ReferenceEqualityComparer.Instance);

    public int InHandCount => _inHand.Count;

    public void Took(ReceivedNotification item) => _inHand.TryAdd(item, 0);

    public void Failed(ReceivedNotification item, int attempts)
    {
        if (_inHand.ContainsKey(item))
        {
            _inHand[item] = attempts;
        }
    }

    public int FailedAttempts(ReceivedNotification item) => _inHand.TryGetValue(item, out var attempts) ? attempts : 0;

    /// <summary>The stage is about to call the application's handler (or send the fetch plan) for it: for the trail.</summary>
    public void Calling(ReceivedNotification item, IReadOnlyList<FetchRequest> requests, int attempt) => trail.HandlerCalled(item, requests, attempt);

    /// <summary>The sync stage fetched for these notifications: for the trail.</summary>
    public void Fetched(IReadOnlyList<ReceivedNotification> items, IReadOnlyList<FetchRequest> requests, int failed) => trail.Fetched(items, requests, failed);

    public async Task CompleteAsync(ReceivedNotification item, CancellationToken abort)
    {
        trail.Handled(item);
        try
        {
            // A broker that cannot acknowledge delivers again: handlers are idempotent.
            await Guarded.RunAsync(() => store.CompleteAsync(item, abort).AsTask(), exception => ReceiverLog.MarkProcessedFailed(logger, exception), abort).ConfigureAwait(false);
        }
        finally
        {
            _inHand.TryRemove(item, out _);
        }
    }

    /// <summary>Dead-letters a notification and completes it.</summary>
    public async Task DeadLetterAsync(ReceivedNotification item, WithingsDeadLetter deadLetter, Activity? activity, CancellationToken abort)
    {
        try
        {
            // The store's move completes the notification too.
            await WriteAsync(deadLetter, activity, abort).ConfigureAwait(false);
        }
        finally
        {
            _inHand.TryRemove(item, out _);
        }
    }

    /// <summary>A body that did not parse: it never will, so it goes to the dead letters at once.</summary>
    public Task RefuseUnparseableAsync(ReceivedNotification item, Activity? activity, CancellationToken abort) =>
        DeadLetterAsync(
            item,
            new WithingsDeadLetter(item, WithingsDeadLetterReason.Unparseable, item.ParseError!.Description, null, 0),
            activity,
            abort);

    /// <summary>Counts, tags and writes a dead letter; a failing sink is logged, never stops the loop.</summary>
    public async Task WriteAsync(WithingsDeadLetter deadLetter, Activity? activity, CancellationToken abort)
    {
        metrics.DeadLettered(deadLetter.Reason);
        trail.DeadLettered(deadLetter);
        activity?.SetTag("withings.outcome", "dead_lettered");
        activity?.SetTag("withings.dead_letter.reason", ReceiverMetrics.ReasonName(deadLetter.Reason));
        activity?.SetStatus(ActivityStatusCode.Error, deadLetter.Error);
        await Guarded.RunAsync(() => store.DeadLetterAsync(deadLetter, abort).AsTask(), exception => ReceiverLog.DeadLetterSinkFailed(logger, exception, deadLetter.Reason), abort).ConfigureAwait(false);
    }
}
