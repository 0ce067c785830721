using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The duplicate filter of the durable store: checked in memory, and each key written to the store's file with its
/// expiry, so that a Withings retry arriving after a restart is still recognised. A key's write is queued before the
/// notification's own row, so it is committed with it or earlier: an acknowledged notification's key is never lost.
/// </summary>
internal sealed class DurableDuplicateFilter : IDuplicateFilter
{
    private const string UpsertSql = "INSERT INTO withings_duplicates (key, expires) VALUES ($key, $expires) ON CONFLICT (key) DO UPDATE SET expires = excluded.expires";
    private const string DeleteSql = "DELETE FROM withings_duplicates WHERE key = $key";
    private const string SweepExpiredSql = "DELETE FROM withings_duplicates WHERE expires <= $now";
    private const string SweepOldestSql = "DELETE FROM withings_duplicates WHERE key IN (SELECT key FROM withings_duplicates ORDER BY expires LIMIT max(0, (SELECT COUNT(*) FROM withings_duplicates) - $capacity))";

    private readonly MemoryDuplicateFilter _memory;
    private readonly ReceiverStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly TimeSpan _timeToLive;
    private readonly int _capacity;
    private readonly int _sweepEvery;

    // Keys whose release could not be written while the store could not write, deleted with the next key written:
    // left in the file, each would make a Withings retry of a notification refused meanwhile look like a duplicate
    // after a restart, and that notification would be lost.
    private readonly ConcurrentQueue<string> _unreleased = new();
    private int _sinceSweep;

    public DurableDuplicateFilter(ReceiverStore store, IOptions<WithingsReceiverOptions> options, TimeProvider timeProvider, ILogger<DurableDuplicateFilter> logger)
    {
        _store = store;
        _timeProvider = timeProvider;
        _logger = logger;
        _timeToLive = options.Value.DuplicateTimeToLive;
        _capacity = options.Value.DuplicateCacheSize;

        // The file keeps at most about as many keys as the in-memory filter: expired and surplus ones are removed
        // every tenth of the capacity, a scan short enough not to stall the commits behind it.
        _sweepEvery = Math.Max(100, _capacity / 10);
        _memory = new MemoryDuplicateFilter(options, timeProvider);
        foreach (var (key, expires) in store.TakeKeys())
        {
            _memory.Remember(key, DateTimeOffset.FromUnixTimeMilliseconds(expires));
        }
    }

    public async ValueTask<bool> TryReserveAsync(string key, CancellationToken cancellationToken)
    {
        if (!await _memory.TryReserveAsync(key, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var now = _timeProvider.GetUtcNow();
        var expires = (now + _timeToLive).ToUnixTimeMilliseconds();
        var sweep = Interlocked.Increment(ref _sinceSweep) % _sweepEvery == 0;

        // Not awaited: the notification's own commit, queued right after, is what the endpoint waits for.
        var unreleased = TakeUnreleased();
        Observe(
            _store.RunAsync(session =>
            {
                foreach (var old in unreleased)
                {
                    Delete(session, old);
                }

                var command = session.Command(UpsertSql);
                command.Parameters.AddWithValue("$key", key);
                command.Parameters.AddWithValue("$expires", expires);
                command.ExecuteNonQuery();
                if (sweep)
                {
                    Sweep(session, now.ToUnixTimeMilliseconds(), _capacity);
                }

                return true;
            }),
            unreleased);
        return true;
    }

    public async ValueTask ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        await _memory.ReleaseAsync(key, cancellationToken).ConfigureAwait(false);
        Observe(_store.RunAsync(session => Delete(session, key)), [key]);
    }

    internal static void Sweep(StoreSession session, long now, int capacity)
    {
        var expired = session.Command(SweepExpiredSql);
        expired.Parameters.AddWithValue("$now", now);
        expired.ExecuteNonQuery();
        var oldest = session.Command(SweepOldestSql);
        oldest.Parameters.AddWithValue("$capacity", capacity);
        oldest.ExecuteNonQuery();
    }

    private static int Delete(StoreSession session, string key)
    {
        var command = session.Command(DeleteSql);
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteNonQuery();
    }

    private string[] TakeUnreleased()
    {
        if (_unreleased.IsEmpty)
        {
            return [];
        }

        var keys = new List<string>();
        while (_unreleased.TryDequeue(out var key))
        {
            keys.Add(key);
        }

        return [.. keys];
    }

    private void Observe<T>(Task<T> write, string[] releases) =>
        write.ContinueWith(
            (task, state) =>
            {
                if (task.Exception!.GetBaseException() is StoreUnavailableException)
                {
                    // The store has said it cannot write; the releases wait for the next key written.
                    foreach (var key in releases)
                    {
                        _unreleased.Enqueue(key);
                    }

                    return;
                }

                StoreLog.KeyWriteFailed((ILogger)state!, task.Exception!.GetBaseException());
            },
            _logger,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
}
