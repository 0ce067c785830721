using System.Text;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// A bounded ring of the last notifications' paths (received, queued, fetched with which requests, handled or
/// dead-lettered, with times) and per-category counts over the last day, for the dashboard. The receiver records into
/// it with one call at each step; each call takes one short lock and, for a new notification, one small object, so
/// the ring costs the hot path next to nothing and its memory never grows past <see cref="Capacity"/> traces. It keeps
/// the user id and the category only: no other value of a body.
/// </summary>
/// <remarks>
/// A trace is found again by user, category and the time the endpoint received it (to the millisecond, as a durable
/// queue keeps it), so that an item read back from the store after a restart, or replayed from the dead letters, joins
/// its trace when the trace is still in the ring, and starts a new one otherwise.
/// </remarks>
internal sealed class NotificationTrail
{
    /// <summary>How many traces the receiver keeps.</summary>
    public const int DefaultCapacity = 10_000;

    // Enough for a notification retried a few times and replayed; later steps replace the last one.
    private const int MaxEvents = 12;
    private const int MaxNamedRequests = 4;

    private readonly Lock _gate = new();
    private readonly Entry?[] _ring;
    private readonly Dictionary<TraceKey, Entry> _byKey;
    private readonly TrailCounts _counts = new();
    private readonly TimeProvider _timeProvider;
    private int _next;
    private long _coalescedNotifications;
    private long _coalescedRequests;

    public NotificationTrail(TimeProvider timeProvider, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _timeProvider = timeProvider;
        _ring = new Entry?[capacity];
        _byKey = new Dictionary<TraceKey, Entry>(capacity);
    }

    /// <summary>How many traces the ring keeps at most.</summary>
    public int Capacity => _ring.Length;

    /// <summary>Notifications the sync engine fetched for, and the requests it sent for them (coalesced per user).</summary>
    public (long Notifications, long Requests) Coalescing
    {
        get
        {
            lock (_gate)
            {
                return (_coalescedNotifications, _coalescedRequests);
            }
        }
    }

    /// <summary>The endpoint acknowledged it and handed it to the queue.</summary>
    public void Queued(ReceivedNotification item) => Record(item, TrailStage.Queued, null);

    /// <summary>The endpoint acknowledged it as already received.</summary>
    public void Duplicate(ReceivedNotification item) => Record(item, TrailStage.Duplicate, null);

    /// <summary>The endpoint refused it with 503 after parsing it (full, store unavailable or stopping).</summary>
    public void Refused(ReceivedNotification item) => Record(item, TrailStage.Refused, null);

    /// <summary>The per-notification handler is called with this plan, for the given attempt (1 for the first).</summary>
    public void HandlerCalled(ReceivedNotification item, IReadOnlyList<FetchRequest> requests, int attempt) =>
        Record(item, TrailStage.Fetched, Describe(requests, attempt > 1 ? $"attempt {attempt}: " : string.Empty, 0));

    /// <summary>The sync engine fetched these requests for these notifications of one user and hands the data over.</summary>
    public void Fetched(IReadOnlyList<ReceivedNotification> items, IReadOnlyList<FetchRequest> requests, int failed)
    {
        var detail = Describe(requests, items.Count > 1 ? $"with {items.Count - 1} other notification(s): " : string.Empty, failed);
        var at = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            _coalescedNotifications += items.Count;
            _coalescedRequests += requests.Count;
            foreach (var item in items)
            {
                RecordLocked(KeyOf(item.Notification, item.ReceivedAt), item.ReceivedAt, TrailStage.Fetched, at, detail);
            }
        }
    }

    /// <summary>The handler completed.</summary>
    public void Handled(ReceivedNotification item) => Record(item, TrailStage.Handled, null);

    /// <summary>It was dead-lettered.</summary>
    public void DeadLettered(WithingsDeadLetter deadLetter)
    {
        var at = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            RecordLocked(KeyOf(deadLetter.Notification, deadLetter.Item.ReceivedAt), deadLetter.Item.ReceivedAt, TrailStage.DeadLettered, at, ReasonName(deadLetter.Reason));
        }
    }

    /// <summary>The dashboard moved it back from the dead letters into the queue.</summary>
    public void Replayed(long? userId, int appli, DateTimeOffset receivedAt)
    {
        var at = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            RecordLocked(new TraceKey(userId ?? NoUser, appli, receivedAt.ToUnixTimeMilliseconds()), receivedAt, TrailStage.Replayed, at, null);
        }
    }

    /// <summary>The traces of one user, latest received first.</summary>
    public IReadOnlyList<TrailView> Find(long userId, int max) => Select(e => e.Key.UserId == userId, max);

    /// <summary>The latest traces, latest received first.</summary>
    public IReadOnlyList<TrailView> Latest(int max) => Select(static _ => true, max);

    /// <summary>How many traces the ring holds, and the receipt time of the oldest.</summary>
    public (int Count, DateTimeOffset? Oldest) Kept()
    {
        lock (_gate)
        {
            var count = 0;
            DateTimeOffset? oldest = null;
            foreach (var entry in _ring)
            {
                if (entry is null)
                {
                    break;
                }

                count++;
                oldest = oldest is null || entry.ReceivedAt < oldest ? entry.ReceivedAt : oldest;
            }

            return (count, oldest);
        }
    }

    /// <summary>Traces still queued (not taken for handling yet), and when the oldest of them was received.</summary>
    public (int Count, DateTimeOffset? OldestReceivedAt) Waiting()
    {
        lock (_gate)
        {
            var count = 0;
            DateTimeOffset? oldest = null;
            foreach (var entry in _byKey.Values)
            {
                if (entry.Stage is TrailStage.Queued or TrailStage.Replayed)
                {
                    count++;
                    oldest = oldest is null || entry.ReceivedAt < oldest ? entry.ReceivedAt : oldest;
                }
            }

            return (count, oldest);
        }
    }

    /// <summary>Counts by category over the window before now, in steps of <see cref="TrailCounts.SlotWidth"/>.</summary>
    public IReadOnlyList<TrailCount> Counts(TimeSpan window)
    {
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            return _counts.Sum(now, window);
        }
    }

    internal static string ReasonName(WithingsDeadLetterReason reason) => reason switch
    {
        WithingsDeadLetterReason.Unparseable => "unparseable",
        WithingsDeadLetterReason.PlanningFailed => "planning failed",
        WithingsDeadLetterReason.HandlerFailed => "handler failed",
        WithingsDeadLetterReason.Shutdown => "shutdown",
        WithingsDeadLetterReason.FetchFailed => "fetch failed",
        WithingsDeadLetterReason.DeliveryLimit => "delivery limit",
        _ => "other",
    };

    private void Record(ReceivedNotification item, TrailStage stage, string? detail)
    {
        var at = _timeProvider.GetUtcNow();
        var key = KeyOf(item.Notification, item.ReceivedAt);
        lock (_gate)
        {
            RecordLocked(key, item.ReceivedAt, stage, at, detail);
        }
    }

    private void RecordLocked(TraceKey key, DateTimeOffset receivedAt, TrailStage stage, DateTimeOffset at, string? detail)
    {
        _counts.Add(key.Appli, stage, at);
        if (!_byKey.TryGetValue(key, out var entry) || stage is TrailStage.Duplicate)
        {
            entry = new Entry(key, receivedAt);
            var evicted = _ring[_next];
            if (evicted is not null && _byKey.TryGetValue(evicted.Key, out var current) && ReferenceEquals(current, evicted))
            {
                _byKey.Remove(evicted.Key);
            }

            _ring[_next] = entry;
            _next = (_next + 1) % _ring.Length;

            // A duplicate is its own trace: the original keeps its own path under the same key.
            if (stage is not TrailStage.Duplicate)
            {
                _byKey[key] = entry;
            }
        }

        entry.Stage = stage;
        if (entry.Events.Count == MaxEvents)
        {
            entry.Events.RemoveAt(MaxEvents - 1);
        }

        entry.Events.Add(new TrailEvent(stage, at, detail));
    }

    private List<TrailView> Select(Func<Entry, bool> match, int max)
    {
        var found = new List<TrailView>();
        lock (_gate)
        {
            // Newest first: walk back from the last slot written.
            for (var i = 1; i <= _ring.Length && found.Count < max; i++)
            {
                var entry = _ring[((_next - i) % _ring.Length + _ring.Length) % _ring.Length];
                if (entry is null)
                {
                    break;
                }

                if (match(entry))
                {
                    found.Add(new TrailView(entry.Key.UserId == NoUser ? null : entry.Key.UserId, entry.Key.Appli, entry.ReceivedAt, entry.Stage, [.. entry.Events]));
                }
            }
        }

        return found;
    }

    private const long NoUser = long.MinValue;

    private static TraceKey KeyOf(WithingsNotification? notification, DateTimeOffset receivedAt) =>
        new(notification?.UserId ?? NoUser, notification is null ? 0 : (int)notification.Appli, receivedAt.ToUnixTimeMilliseconds());

    // Paths and actions only: a request's form holds dates and ids that are the body's values.
    private static string Describe(IReadOnlyList<FetchRequest> requests, string prefix, int failed)
    {
        var text = new StringBuilder(prefix);
        text.Append(requests.Count).Append(requests.Count == 1 ? " request" : " requests");
        for (var i = 0; i < requests.Count && i < MaxNamedRequests; i++)
        {
            text.Append(i == 0 ? ": " : ", ").Append(requests[i].Path.TrimStart('/'));
            if (requests[i].Action.Length > 0)
            {
                text.Append(' ').Append(requests[i].Action);
            }
        }

        if (requests.Count > MaxNamedRequests)
        {
            text.Append(", …");
        }

        if (failed > 0)
        {
            text.Append(" (").Append(failed).Append(" failed)");
        }

        return text.ToString();
    }

    private readonly record struct TraceKey(long UserId, int Appli, long ReceivedMs);

    private sealed class Entry(TraceKey key, DateTimeOffset receivedAt)
    {
        public TraceKey Key { get; } = key;

        public DateTimeOffset ReceivedAt { get; } = receivedAt;

        public TrailStage Stage { get; set; }

        public List<TrailEvent> Events { get; } = new(4);
    }
}
