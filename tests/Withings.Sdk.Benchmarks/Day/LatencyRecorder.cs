namespace Withings.Sdk.Benchmarks.Day;

/// <summary>
/// Matches each notification's arrival with the moment its data reached the handler, on the virtual clock.
/// </summary>
/// <remarks>
/// Arrivals are numbered in schedule order. Each accepted arrival opens a group for its notification (compared by
/// value, as the engine compares them); an arrival the receiver dropped as a duplicate of one still waiting joins the
/// newest open group of the same notification, since that fetch serves it. When the handler receives a notification,
/// the oldest open group of it is served: each of its arrivals gets its latency. A delivery with no open group is
/// counted as unexpected; a group never served leaves its arrivals undelivered: both are reported.
/// </remarks>
public sealed class LatencyRecorder
{
    private readonly object _gate = new();
    private readonly IReadOnlyList<DateTimeOffset> _arrivals;
    private readonly Dictionary<WithingsNotification, Queue<List<int>>> _open = [];
    private readonly List<double> _latencies = [];
    private readonly long[] _fenwick;
    private readonly bool[] _delivered;
    private int _oldestPending;
    private int _arrived;
    private int _late;

    // Deliveries that came before the simulator noted their arrival: the engine may hand a notification to the data
    // handler while its POST is still returning (a user whose turn is granted takes what arrived that instant), and the
    // arrival is noted once the POST returned. Matched by the arrival; what is never matched counts as unexpected.
    private readonly Dictionary<WithingsNotification, int> _early = [];

    /// <summary>Creates a recorder for the arrivals of a schedule.</summary>
    /// <param name="arrivals">Each arrival's instant, in schedule order.</param>
    public LatencyRecorder(IReadOnlyList<DateTimeOffset> arrivals)
    {
        _arrivals = arrivals;
        _fenwick = new long[arrivals.Count + 1];
        _delivered = new bool[arrivals.Count];
    }

    /// <summary>The latency past which a delivered arrival counts as late in <see cref="ObserveBacklog"/>.</summary>
    public TimeSpan LateLimit { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Arrivals whose data was delivered.</summary>
    public int Delivered
    {
        get
        {
            lock (_gate)
            {
                return _latencies.Count;
            }
        }
    }

    /// <summary>Deliveries that matched no waiting arrival.</summary>
    public int Unexpected
    {
        get
        {
            lock (_gate)
            {
                return _early.Values.Sum();
            }
        }
    }

    /// <summary>Arrivals the receiver dropped as duplicates of one still waiting.</summary>
    public int Coalesced { get; private set; }

    /// <summary>The most any arrival waited (delivered or not) at the instants <see cref="ObserveBacklog"/> was called.</summary>
    public TimeSpan MaxBacklogAge { get; private set; }

    /// <summary>Every delivered arrival's latency, in seconds, in delivery order.</summary>
    /// <returns>A copy.</returns>
    public IReadOnlyList<double> Latencies()
    {
        lock (_gate)
        {
            return [.. _latencies];
        }
    }

    /// <summary>Arrival <paramref name="index"/> was posted.</summary>
    /// <param name="index">Its number in the schedule.</param>
    /// <param name="notification">The notification, parsed.</param>
    /// <param name="duplicate">Whether the receiver dropped it as a duplicate.</param>
    public void Arrived(int index, WithingsNotification notification, bool duplicate)
    {
        lock (_gate)
        {
            _arrived = Math.Max(_arrived, index + 1);
            if (!_open.TryGetValue(notification, out var groups))
            {
                groups = new Queue<List<int>>();
                _open.Add(notification, groups);
            }

            if (duplicate && groups.Count > 0)
            {
                Coalesced++;
                groups.Last().Add(index);
                return;
            }

            if (!duplicate && _early.TryGetValue(notification, out var early))
            {
                // Its data reached the handler at this very instant, before the POST returned.
                if (early == 1)
                {
                    _early.Remove(notification);
                }
                else
                {
                    _early[notification] = early - 1;
                }

                Serve(index, _arrivals[index]);
                return;
            }

            if (duplicate)
            {
                // A repeat of one already delivered: its data is already there.
                Coalesced++;
                Serve(index, _arrivals[index]);
                return;
            }

            groups.Enqueue([index]);
        }
    }

    /// <summary>The handler received the data of <paramref name="notifications"/> at <paramref name="now"/>.</summary>
    /// <param name="notifications">The notifications the data answers.</param>
    /// <param name="now">The virtual instant.</param>
    public void Received(IEnumerable<WithingsNotification> notifications, DateTimeOffset now)
    {
        lock (_gate)
        {
            foreach (var notification in notifications)
            {
                if (!_open.TryGetValue(notification, out var groups) || !groups.TryDequeue(out var group))
                {
                    _early[notification] = _early.GetValueOrDefault(notification) + 1;
                    continue;
                }

                foreach (var index in group)
                {
                    Serve(index, now);
                }
            }
        }
    }

    /// <summary>Arrival <paramref name="index"/>'s data was fetched at <paramref name="now"/> (one-by-one fetching).</summary>
    /// <param name="index">Its number in the schedule.</param>
    /// <param name="now">The virtual instant.</param>
    public void Received(int index, DateTimeOffset now)
    {
        lock (_gate)
        {
            _arrived = Math.Max(_arrived, index + 1);
            Serve(index, now);
        }
    }

    /// <summary>
    /// How many arrivals waited, or have been waiting, longer than <see cref="LateLimit"/> at <paramref name="now"/>;
    /// and records the backlog's age.
    /// </summary>
    /// <param name="now">The virtual instant.</param>
    /// <returns>The count.</returns>
    public int ObserveBacklog(DateTimeOffset now)
    {
        lock (_gate)
        {
            while (_oldestPending < _arrived && _delivered[_oldestPending])
            {
                _oldestPending++;
            }

            if (_oldestPending < _arrived && now - _arrivals[_oldestPending] > MaxBacklogAge)
            {
                MaxBacklogAge = now - _arrivals[_oldestPending];
            }

            // Arrivals before `cutoff` have waited longer than the limit unless delivered in time.
            var cutoff = Math.Min(_arrived, LowerBound(now - LateLimit));
            return _late + (cutoff - (int)Prefix(cutoff));
        }
    }

    private void Serve(int index, DateTimeOffset now)
    {
        if (_delivered[index])
        {
            return;
        }

        _delivered[index] = true;
        var latency = now - _arrivals[index];
        _latencies.Add(latency.TotalSeconds);
        if (latency > MaxBacklogAge)
        {
            MaxBacklogAge = latency;
        }

        for (var i = index + 1; i < _fenwick.Length; i += i & -i)
        {
            _fenwick[i]++;
        }

        if (latency > LateLimit)
        {
            _late++;
        }
    }

    private long Prefix(int count)
    {
        long sum = 0;
        for (var i = count; i > 0; i -= i & -i)
        {
            sum += _fenwick[i];
        }

        return sum;
    }

    private int LowerBound(DateTimeOffset instant)
    {
        int lo = 0, hi = _arrivals.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_arrivals[mid] < instant)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
