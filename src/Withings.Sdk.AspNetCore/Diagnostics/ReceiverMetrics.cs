using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The receiver's instruments on the <c>Withings.Sdk</c> meter. At rest every POST that passed the secret and network
/// checks is counted once as received, and received = acknowledged + rejected;
/// acknowledged = handled + duplicates + dead-lettered (+ those still queued).
/// </summary>
internal sealed class ReceiverMetrics
{
    public const string MeterName = "Withings.Sdk";

    private readonly Counter<long> _received;
    private readonly Counter<long> _acknowledged;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _handled;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _unauthorized;
    private readonly Counter<long> _undrained;
    private readonly Histogram<double> _handlerDuration;

    // Plain totals beside the instruments, which cannot be read back in process: what the dashboard shows.
    private long _receivedTotal;
    private long _acknowledgedTotal;
    private long _duplicatesTotal;
    private long _rejectedTotal;
    private long _handledTotal;
    private long _deadLetteredTotal;
    private long _unauthorizedTotal;

    public ReceiverMetrics(IMeterFactory meterFactory, Func<int> queueDepth)
    {
        var meter = meterFactory.Create(MeterName);
        _received = meter.CreateCounter<long>("withings.notifications.received", "{notification}", "Notification bodies received (past the secret and network checks).");
        _acknowledged = meter.CreateCounter<long>("withings.notifications.acknowledged", "{notification}", "Notifications answered with 200: handed over, duplicate or unparseable.");
        _duplicates = meter.CreateCounter<long>("withings.notifications.duplicates", "{notification}", "Notifications acknowledged without handing over, as already received.");
        _rejected = meter.CreateCounter<long>("withings.notifications.rejected", "{notification}", "Notifications refused or cut short: queue full, stopping, too large, too slow, aborted or malformed request.");
        _handled = meter.CreateCounter<long>("withings.notifications.handled", "{notification}", "Notifications the handler completed.");
        _deadLettered = meter.CreateCounter<long>("withings.notifications.dead_lettered", "{notification}", "Notifications dead-lettered: unparseable, unplannable, or failed on every attempt.");
        _unauthorized = meter.CreateCounter<long>("withings.notifications.unauthorized", "{request}", "Requests refused with 404 for a wrong or missing secret or a sender outside the allowed networks.");
        _undrained = meter.CreateCounter<long>("withings.notifications.undrained", "{notification}", "Notifications still unprocessed when the host's shutdown timeout cut the drain (dead-lettered as shutdown by the in-memory store).");
        _handlerDuration = meter.CreateHistogram<double>("withings.handler.duration", "s", "Time the handler took per attempt.");
        meter.CreateObservableGauge("withings.queue.depth", () => Observe(queueDepth), "{notification}", "Notifications acknowledged and waiting for the handler.");
    }


    /// <summary>The totals since this process started, read back for the dashboard.</summary>
    public ReceiverTotals Totals => new(
        Interlocked.Read(ref _receivedTotal),
        Interlocked.Read(ref _acknowledgedTotal),
        Interlocked.Read(ref _duplicatesTotal),
        Interlocked.Read(ref _rejectedTotal),
        Interlocked.Read(ref _handledTotal),
        Interlocked.Read(ref _deadLetteredTotal),
        Interlocked.Read(ref _unauthorizedTotal));

    public void Received()
    {
        Interlocked.Increment(ref _receivedTotal);
        _received.Add(1);
    }

    public void Acknowledged()
    {
        Interlocked.Increment(ref _acknowledgedTotal);
        _acknowledged.Add(1);
    }

    public void Duplicate()
    {
        Interlocked.Increment(ref _duplicatesTotal);
        _duplicates.Add(1);
    }

    public void Rejected(string reason)
    {
        Interlocked.Increment(ref _rejectedTotal);
        _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    public void Unauthorized(string reason)
    {
        Interlocked.Increment(ref _unauthorizedTotal);
        _unauthorized.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    public void Undrained(int count) => _undrained.Add(count);

    // Tagged with the number, as Withings sends it, so that a category this version does not name still gets its own series.
    public void Handled(NotificationCategory appli)
    {
        Interlocked.Increment(ref _handledTotal);
        _handled.Add(1, new KeyValuePair<string, object?>("withings.appli", (int)appli));
    }

    public void DeadLettered(WithingsDeadLetterReason reason)
    {
        Interlocked.Increment(ref _deadLetteredTotal);
        _deadLettered.Add(1, new KeyValuePair<string, object?>("reason", ReasonName(reason)));
    }

    public void HandlerDuration(TimeSpan elapsed, NotificationCategory appli, bool succeeded)
    {
        var tags = new TagList
        {
            { "withings.appli", (int)appli },
            { "outcome", succeeded ? "success" : "failure" },
        };
        _handlerDuration.Record(elapsed.TotalSeconds, tags);
    }

    internal static string ReasonName(WithingsDeadLetterReason reason) => reason switch
    {
        WithingsDeadLetterReason.Unparseable => "unparseable",
        WithingsDeadLetterReason.PlanningFailed => "planning_failed",
        WithingsDeadLetterReason.HandlerFailed => "handler_failed",
        WithingsDeadLetterReason.Shutdown => "shutdown",
        WithingsDeadLetterReason.FetchFailed => "fetch_failed",
        _ => "other",
    };

    private static IEnumerable<Measurement<int>> Observe(Func<int> queueDepth)
    {
        var count = queueDepth();
        return count < 0 ? [] : [new Measurement<int>(count)];
    }
}
