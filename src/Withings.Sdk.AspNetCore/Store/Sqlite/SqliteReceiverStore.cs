using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The default store: a SQLite file (<see cref="ReceiverStore"/>, its single writer) holding the queue, the duplicate
/// keys and the dead letters. An accepted notification is a row committed, with its duplicate key, in one transaction
/// before the endpoint answers <c>200</c>, and deleted once completed; a dead letter is moved from the queue in one
/// transaction. Rows left by a crash or a stop are read back, parsed again and handed out when the file is next opened,
/// and the keys too, so that a Withings retry arriving after a restart is still recognised. As the in-memory store, it
/// holds at most <see cref="WithingsReceiverOptions.QueueCapacity"/> notifications and
/// <see cref="WithingsReceiverOptions.QueueCapacityBytes"/> bytes from acceptance to completion, and as many dead
/// letters apart, so the file stays bounded by the limits.
/// </summary>
internal sealed class SqliteReceiverStore : IWithingsReceiverStore
{
    private const string Backend = "sqlite";
    private const string InsertSql = "INSERT INTO withings_queue (received, body) VALUES ($received, $body) RETURNING id";
    private const string DeleteSql = "DELETE FROM withings_queue WHERE id = $id";
    private const string UpsertKeySql = "INSERT INTO withings_duplicates (key, expires) VALUES ($key, $expires) ON CONFLICT (key) DO UPDATE SET expires = excluded.expires";
    private const string DeleteKeySql = "DELETE FROM withings_duplicates WHERE key = $key";
    private const string SweepExpiredSql = "DELETE FROM withings_duplicates WHERE expires <= $now";
    private const string SweepOldestSql = "DELETE FROM withings_duplicates WHERE key IN (SELECT key FROM withings_duplicates ORDER BY expires LIMIT max(0, (SELECT COUNT(*) FROM withings_duplicates) - $capacity))";
    private const string InsertDeadLetterSql = "INSERT INTO withings_dead_letters (reason, received, dead_lettered, attempts, error, body) VALUES ($reason, $received, $dead_lettered, $attempts, $error, $body)";
    private const string ListSql = "SELECT id, reason, received, dead_lettered, attempts, error, body FROM withings_dead_letters ORDER BY id";
    private const string SelectForReplaySql = "SELECT id, received, body FROM withings_dead_letters WHERE $id IS NULL OR id = $id ORDER BY id";
    private const string DeleteDeadLetterSql = "DELETE FROM withings_dead_letters WHERE id = $id RETURNING length(CAST(body AS BLOB))";
    private const string PurgeSql = "DELETE FROM withings_dead_letters WHERE $id IS NULL OR id = $id RETURNING length(CAST(body AS BLOB))";

    private readonly ReceiverStore _file;
    private readonly NotificationParser _parser;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly int _capacity;
    private readonly long _capacityBytes;
    private readonly DuplicateKeys _keys;
    private readonly TimeSpan _keyTimeToLive;
    private readonly int _keyCapacity;
    private readonly int _sweepEvery;

    // Each item is handed to one reader only (a channel); the row behind it is found by reference, since two
    // notifications with equal content are still two rows.
    private readonly Channel<ReceivedNotification> _ready = Channel.CreateUnbounded<ReceivedNotification>();
    private readonly ConcurrentDictionary<ReceivedNotification, RowHandle> _rows = new(ReferenceEqualityComparer.Instance);

    // Keys whose deletion could not be written while the file could not write, deleted with the next accepted row:
    // left in the file, each would make a later repeat of a handed-out window-less body look like a duplicate after a
    // restart.
    private readonly ConcurrentQueue<string> _unreleased = new();
    private readonly object _gate = new();
    private int _stored;
    private long _storedBytes;
    private int _accepting;
    private bool _open = true;
    private int _sinceSweep;
    private int _deadLetters;
    private long _deadLetterBytes;

    public SqliteReceiverStore(ReceiverStore file, NotificationParser parser, IOptions<WithingsReceiverOptions> options, TimeProvider timeProvider, ILogger<SqliteReceiverStore> logger)
    {
        _file = file;
        _parser = parser;
        _timeProvider = timeProvider;
        _logger = logger;
        var settings = options.Value;
        _capacity = settings.QueueCapacity;
        _capacityBytes = settings.QueueCapacityBytes;
        _keyTimeToLive = settings.DuplicateTimeToLive;
        _keyCapacity = settings.DuplicateCacheSize;

        // The file keeps at most about as many keys as memory: expired and surplus ones are removed every tenth of the
        // capacity, a scan short enough not to stall the commits behind it.
        _sweepEvery = Math.Max(100, _keyCapacity / 10);
        _keys = new DuplicateKeys(options, timeProvider);
        foreach (var (key, expires) in file.TakeKeys())
        {
            _keys.Remember(key, DateTimeOffset.FromUnixTimeMilliseconds(expires));
        }

        (_deadLetters, _deadLetterBytes) = file.InitialDeadLetters;
        Adopt(file.TakeQueued());
    }

    /// <summary>The file and its writer.</summary>
    public ReceiverStore File => _file;

    public async ValueTask<WithingsAcceptResult> AcceptAsync(ReceivedNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var key = notification.DuplicateKey;
        var bytes = notification.BodyBytes;
        lock (_gate)
        {
            if (key is not null && !_keys.TryReserve(key))
            {
                return WithingsAcceptResult.Duplicate;
            }

            var refused = !_open ? WithingsAcceptResult.Stopping : !HasRoom(1, bytes) ? WithingsAcceptResult.Full : (WithingsAcceptResult?)null;
            if (refused is { } result)
            {
                // Not stored: forget the key, or Withings' retry would be taken for a duplicate and lost.
                Forget(key);
                return result;
            }

            Track(1, bytes);
            _accepting++;
        }

        var unreleased = TakeUnreleased();
        try
        {
            long id;
            try
            {
                var now = _timeProvider.GetUtcNow();
                var received = notification.ReceivedAt.ToUnixTimeMilliseconds();
                var expires = (now + _keyTimeToLive).ToUnixTimeMilliseconds();
                var sweep = key is not null && Interlocked.Increment(ref _sinceSweep) % _sweepEvery == 0;
                var body = notification.Body;

                // Not cancellable: once handed to the writer the row is committed anyway, and it must then be handled.
                id = await _file.RunAsync(session => Atomically(session, () =>
                {
                    foreach (var old in unreleased)
                    {
                        DeleteKey(session, old);
                    }

                    if (key is not null)
                    {
                        var upsert = session.Command(UpsertKeySql);
                        upsert.Parameters.AddWithValue("$key", key);
                        upsert.Parameters.AddWithValue("$expires", expires);
                        upsert.ExecuteNonQuery();
                    }

                    var rowId = Insert(session, received, body);
                    if (sweep)
                    {
                        Sweep(session, now.ToUnixTimeMilliseconds(), _keyCapacity);
                    }

                    return rowId;
                })).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Whatever the file threw, neither row nor key is committed: refused (503), its place given back.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                // A file that cannot write has said so once; each refusal is the endpoint's to count.
                if (exception is not StoreUnavailableException)
                {
                    StoreLog.EnqueueFailed(_logger, exception);
                }

                foreach (var old in unreleased)
                {
                    _unreleased.Enqueue(old);
                }

                lock (_gate)
                {
                    Track(-1, -bytes);
                    Forget(key);
                }

                return WithingsAcceptResult.Unavailable;
            }

            _rows[notification] = new RowHandle(id, bytes, notification.ReceivedAt);
            _ready.Writer.TryWrite(notification);
            return WithingsAcceptResult.Accepted;
        }
        finally
        {
            lock (_gate)
            {
                _accepting--;
                CompleteIfDrained();
            }
        }
    }

    public async IAsyncEnumerable<ReceivedNotification> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in _ready.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (item.IsRepeatable)
            {
                // Handed out: the same window-less body from now on is new data (RepeatableNotifications).
                var key = item.DuplicateKey!;
                _keys.Release(key);
                ObserveRelease(_file.RunAsync(session => DeleteKey(session, key)), key);
            }

            yield return item;
        }
    }

    public async ValueTask CompleteAsync(ReceivedNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (!_rows.TryRemove(notification, out var row))
        {
            return;
        }

        try
        {
            // Awaited, so that a notification reported completed is really gone: after a crash only the few being
            // completed at that instant are handled again.
            await _file.RunAsync(session => Delete(session, row.Id)).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            // The file cannot write (and has said so): the row stays and is handled again after the next start, at
            // least once as always. Not a failure for each handled notification to report.
        }
        finally
        {
            lock (_gate)
            {
                Track(-1, -row.Bytes);
            }
        }
    }

    public async ValueTask DeadLetterAsync(ReceivedNotification notification, WithingsDeadLetterReason reason, string description, int attempts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(description);
        var error = description;
        var hasRow = _rows.TryRemove(notification, out var row);
        var body = notification.Body;
        var bytes = Encoding.UTF8.GetByteCount(body);
        bool keep;
        lock (_gate)
        {
            keep = _deadLetters < _capacity && _deadLetterBytes + bytes <= _capacityBytes;
            if (keep)
            {
                _deadLetters++;
                _deadLetterBytes += bytes;
            }
            else
            {
                StoreLog.DeadLettersFull(_logger, _deadLetters, _deadLetterBytes, reason);
            }
        }

        var received = notification.ReceivedAt.ToUnixTimeMilliseconds();
        var deadLettered = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        try
        {
            // One transaction: the row leaves the queue exactly when the dead letter is stored.
            await _file.RunAsync(session => Atomically(session, () =>
            {
                if (keep)
                {
                    var command = session.Command(InsertDeadLetterSql);
                    command.Parameters.AddWithValue("$reason", (int)reason);
                    command.Parameters.AddWithValue("$received", received);
                    command.Parameters.AddWithValue("$dead_lettered", deadLettered);
                    command.Parameters.AddWithValue("$attempts", attempts);
                    command.Parameters.AddWithValue("$error", error);
                    command.Parameters.AddWithValue("$body", body);
                    command.ExecuteNonQuery();
                }

                return hasRow ? Delete(session, row.Id) : 0;
            })).ConfigureAwait(false);
        }
        catch
        {
            // Neither happened: the row stays in the file and is handed out again after the next start.
            if (keep)
            {
                ReleaseDeadLetters(1, bytes);
            }

            throw;
        }
        finally
        {
            if (hasRow)
            {
                lock (_gate)
                {
                    Track(-1, -row.Bytes);
                }
            }
        }
    }

    public void StopAccepting()
    {
        lock (_gate)
        {
            _open = false;
            CompleteIfDrained();
        }
    }

    public WithingsStoreStatus GetStatus() => Status(OldestHeld());

    public async ValueTask<WithingsStoreStatus> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            // A file that cannot write learns that it can again from the next commit that writes: when the probes of
            // a load balancer that took this instance out are the only requests left, this check makes that commit.
            if (_file.Condition != StoreCondition.Writable)
            {
                await _file.ProbeAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (StoreUnavailableException)
        {
            // Still cannot write: reported with the reason the file recorded.
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return NotAnswering(exception);
        }

        long? oldest;
        try
        {
            // Through the writer, as every change: an answer proves the file is still committing.
            oldest = await _file.RunAsync(session =>
                session.Command("SELECT MIN(received) FROM withings_queue").ExecuteScalar() is long received ? received : (long?)null)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return NotAnswering(exception);
        }

        return Status(oldest is { } milliseconds ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : null);
    }

    public async ValueTask<IReadOnlyList<WithingsStoredDeadLetter>> ListAsync(CancellationToken cancellationToken) =>
        await _file.RunAsync<IReadOnlyList<WithingsStoredDeadLetter>>(session =>
        {
            var list = new List<WithingsStoredDeadLetter>();
            using var reader = session.Command(ListSql).ExecuteReader();
            while (reader.Read())
            {
                list.Add(new WithingsStoredDeadLetter(
                    reader.GetInt64(0),
                    (WithingsDeadLetterReason)reader.GetInt32(1),
                    reader.GetString(6),
                    reader.GetString(5),
                    reader.GetInt32(4),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
            }

            return list;
        }).WaitAsync(cancellationToken).ConfigureAwait(false);

    // Not cancellable once asked: the counts must follow what the committed transaction did.
    public async ValueTask<int> ReplayAsync(long? id, CancellationToken cancellationToken)
    {
        var (moved, bytes) = await _file.RunAsync(session =>
        {
            var candidates = new List<StoredRow>();
            var select = session.Command(SelectForReplaySql);
            select.Parameters.AddWithValue("$id", (object?)id ?? DBNull.Value);
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read())
                {
                    candidates.Add(new StoredRow(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2)));
                }
            }

            // As far as the queue has room: the rest stay dead letters, to be replayed later.
            var moved = new List<StoredRow>();
            long movedBytes = 0;
            long pendingBytes = 0;
            foreach (var candidate in candidates)
            {
                var size = Encoding.UTF8.GetByteCount(candidate.Body);
                if (!HasRoomFor(moved.Count + 1, pendingBytes + size))
                {
                    break;
                }

                var queuedId = Insert(session, candidate.Received, candidate.Body);
                var delete = session.Command(DeleteDeadLetterSql);
                delete.Parameters.AddWithValue("$id", candidate.Id);
                movedBytes += Convert.ToInt64(delete.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
                pendingBytes += size;
                moved.Add(candidate with { Id = queuedId });
            }

            return (moved, movedBytes);
        }).ConfigureAwait(false);

        ReleaseDeadLetters(moved.Count, bytes);
        Adopt(moved);
        if (moved.Count > 0)
        {
            StoreLog.Replayed(_logger, moved.Count);
        }

        return moved.Count;
    }

    public async ValueTask<int> PurgeAsync(long? id, CancellationToken cancellationToken)
    {
        var (count, bytes) = await _file.RunAsync(session =>
        {
            var command = session.Command(PurgeSql);
            command.Parameters.AddWithValue("$id", (object?)id ?? DBNull.Value);
            var deleted = 0;
            long deletedBytes = 0;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                deleted++;
                deletedBytes += reader.GetInt64(0);
            }

            return (deleted, deletedBytes);
        }).ConfigureAwait(false);
        ReleaseDeadLetters(count, bytes);
        return count;
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

    internal static long Insert(StoreSession session, long received, string body)
    {
        var command = session.Command(InsertSql);
        command.Parameters.AddWithValue("$received", received);
        command.Parameters.AddWithValue("$body", body);
        return (long)command.ExecuteScalar()!;
    }

    private static int Delete(StoreSession session, long id)
    {
        var command = session.Command(DeleteSql);
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteNonQuery();
    }

    private static int DeleteKey(StoreSession session, string key)
    {
        var command = session.Command(DeleteKeySql);
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteNonQuery();
    }

    /// <summary>
    /// Runs <paramref name="run"/> under a savepoint: the writer groups many callers' work in one transaction and fails
    /// only the one that threw, so a piece that must be all or nothing undoes its own part before throwing.
    /// </summary>
    private static T Atomically<T>(StoreSession session, Func<T> run)
    {
        session.Command("SAVEPOINT withings_step").ExecuteNonQuery();
        T result;
        try
        {
            result = run();
        }
        catch
        {
            try
            {
                session.Command("ROLLBACK TO withings_step").ExecuteNonQuery();
                session.Command("RELEASE withings_step").ExecuteNonQuery();
            }
#pragma warning disable CA1031 // SQLite may have rolled the whole transaction back already: the writer reports the first failure.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            throw;
        }

        session.Command("RELEASE withings_step").ExecuteNonQuery();
        return result;
    }

    /// <summary>Hands rows committed by someone else (the start-up read, a replay) to the readers.</summary>
    private void Adopt(IEnumerable<StoredRow> rows)
    {
        foreach (var row in rows)
        {
            var bytes = Encoding.UTF8.GetByteCount(row.Body);
            var received = DateTimeOffset.FromUnixTimeMilliseconds(row.Received);
            var item = ReceivedNotification.FromStored(_parser, row.Body, received, bytes);
            lock (_gate)
            {
                Track(1, bytes);
            }

            _rows[item] = new RowHandle(row.Id, bytes, received);

            // After StopAccepting the channel may be complete: the row then waits in the file for the next start.
            _ready.Writer.TryWrite(item);
        }
    }

    private WithingsStoreStatus NotAnswering(Exception exception) =>
        Status(null) with { Condition = WithingsStoreCondition.Unavailable, Reason = "The Withings receiver store does not answer: " + exception.Message };

    private WithingsStoreStatus Status(DateTimeOffset? oldest)
    {
        var (condition, reason) = _file.Condition switch
        {
            StoreCondition.DiskFull => (WithingsStoreCondition.Unavailable, $"The Withings receiver store's disk is full ({_file.FreeBytes} bytes free): notifications are refused with 503 until space is freed."),
            StoreCondition.Failing => (WithingsStoreCondition.Unavailable, "The Withings receiver store cannot write (see its log): notifications are refused with 503 until it can."),
            _ => (WithingsStoreCondition.Healthy, (string?)null),
        };
        int held;
        long heldBytes;
        lock (_gate)
        {
            held = _stored;
            heldBytes = _storedBytes;
        }

        TimeSpan? age = oldest is { } at ? _timeProvider.GetUtcNow() - at : null;
        return new WithingsStoreStatus(Backend, IsDurable: true, _file.Path, condition, reason, _ready.Reader.Count, held, heldBytes, age < TimeSpan.Zero ? TimeSpan.Zero : age);
    }

    private DateTimeOffset? OldestHeld()
    {
        DateTimeOffset? oldest = null;
        foreach (var row in _rows.Values)
        {
            if (oldest is null || row.Received < oldest)
            {
                oldest = row.Received;
            }
        }

        return oldest;
    }

    private bool HasRoomFor(int count, long bytes)
    {
        lock (_gate)
        {
            return HasRoom(count, bytes);
        }
    }

    // Under _gate. As in the in-memory store, a single body larger than the byte limit still enters an empty queue,
    // or it would be refused for ever.
    private bool HasRoom(int count, long bytes) =>
        _stored + count <= _capacity && (_storedBytes + bytes <= _capacityBytes || (_stored == 0 && count == 1));

    // Under _gate.
    private void Track(int count, long bytes)
    {
        _stored += count;
        _storedBytes += bytes;
    }

    // Under _gate.
    private void Forget(string? key)
    {
        if (key is not null)
        {
            _keys.Release(key);
        }
    }

    private void ReleaseDeadLetters(int count, long bytes)
    {
        lock (_gate)
        {
            _deadLetters -= count;
            _deadLetterBytes -= bytes;
        }
    }

    // Readers end once nothing more can arrive: intake stopped and no acceptance still waiting for its commit.
    private void CompleteIfDrained()
    {
        if (!_open && _accepting == 0)
        {
            _ready.Writer.TryComplete();
        }
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

    // Not awaited: a reader does not wait for the key's deletion to be committed.
    private void ObserveRelease(Task<int> write, string key) =>
        write.ContinueWith(
            (task, state) =>
            {
                if (task.Exception!.GetBaseException() is StoreUnavailableException)
                {
                    // The file has said it cannot write; the deletion waits for the next accepted row.
                    _unreleased.Enqueue(key);
                    return;
                }

                StoreLog.KeyWriteFailed((ILogger)state!, task.Exception!.GetBaseException());
            },
            _logger,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    private readonly record struct RowHandle(long Id, long Bytes, DateTimeOffset Received);
}
