using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The duplicate keys the in-memory and SQLite stores check in process (the SQLite store also writes them to its file).
/// Bounded by <see cref="WithingsReceiverOptions.DuplicateCacheSize"/>. Every entry lives the same time to live, so
/// insertion order is expiry order: a FIFO of keys finds both the expired and, when full, the oldest entries in
/// constant time.
/// </summary>
internal sealed class DuplicateKeys
{
    private readonly Dictionary<string, long> _expiries = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, long Expiry)> _order = new();
    private readonly object _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly long _timeToLiveTicks;
    private readonly int _capacity;

    public DuplicateKeys(IOptions<WithingsReceiverOptions> options, TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _timeToLiveTicks = options.Value.DuplicateTimeToLive.Ticks;
        _capacity = options.Value.DuplicateCacheSize;
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _expiries.Count;
            }
        }
    }

    /// <summary>Records the key; <see langword="false"/> when it is recorded and has not expired.</summary>
    public bool TryReserve(string key)
    {
        var now = _timeProvider.GetUtcNow().UtcTicks;
        lock (_gate)
        {
            Evict(now);
            if (_expiries.TryGetValue(key, out var expiry) && expiry > now)
            {
                return false;
            }

            expiry = now + _timeToLiveTicks;
            _expiries[key] = expiry;
            _order.Enqueue((key, expiry));
            return true;
        }
    }

    /// <summary>Records a key known from elsewhere (the store's file, at start) with its own expiry.</summary>
    public void Remember(string key, DateTimeOffset expiry)
    {
        lock (_gate)
        {
            _expiries[key] = expiry.UtcTicks;
            _order.Enqueue((key, expiry.UtcTicks));
        }
    }

    /// <summary>Forgets the key.</summary>
    public void Release(string key)
    {
        lock (_gate)
        {
            // Its FIFO entry stays behind and is skipped when it comes up, as its expiry no longer matches.
            _expiries.Remove(key);
        }
    }

    private void Evict(long now)
    {
        while (_order.TryPeek(out var oldest) && (oldest.Expiry <= now || _expiries.Count >= _capacity || _order.Count > 2 * _capacity))
        {
            _order.Dequeue();
            if (_expiries.TryGetValue(oldest.Key, out var expiry) && expiry == oldest.Expiry)
            {
                _expiries.Remove(oldest.Key);
            }
        }
    }
}
