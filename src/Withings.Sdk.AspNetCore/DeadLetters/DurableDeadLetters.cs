using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The dead-letter sink of the durable store: each dead letter is logged (as by the logging sink) and kept in the
/// store's file, with reason, times, attempts and the error, for <see cref="IWithingsDeadLetterStore"/>. The file
/// keeps at most as many dead letters, and bytes of them, as the queue's limits; beyond, they are only logged.
/// </summary>
internal sealed class DurableDeadLetters : IWithingsDeadLetterSink, IWithingsDeadLetterStore
{
    private const string InsertSql = "INSERT INTO withings_dead_letters (reason, received, dead_lettered, attempts, error, body) VALUES ($reason, $received, $dead_lettered, $attempts, $error, $body)";
    private const string ListSql = "SELECT id, reason, received, dead_lettered, attempts, error, body FROM withings_dead_letters ORDER BY id";
    private const string SelectForReplaySql = "SELECT id, received, body FROM withings_dead_letters WHERE $id IS NULL OR id = $id ORDER BY id";
    private const string DeleteOneSql = "DELETE FROM withings_dead_letters WHERE id = $id RETURNING length(CAST(body AS BLOB))";
    private const string PurgeSql = "DELETE FROM withings_dead_letters WHERE $id IS NULL OR id = $id RETURNING length(CAST(body AS BLOB))";

    private readonly ReceiverStore _store;
    private readonly DurableNotificationQueue _queue;
    private readonly LoggingDeadLetterSink _log;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly int _capacity;
    private readonly long _capacityBytes;
    private readonly object _gate = new();
    private int _count;
    private long _bytes;

    public DurableDeadLetters(
        ReceiverStore store,
        DurableNotificationQueue queue,
        IOptions<WithingsReceiverOptions> options,
        TimeProvider timeProvider,
        ILoggerFactory loggers)
    {
        _store = store;
        _queue = queue;
        _log = new LoggingDeadLetterSink(loggers.CreateLogger<LoggingDeadLetterSink>());
        _timeProvider = timeProvider;
        _logger = loggers.CreateLogger<DurableDeadLetters>();
        _capacity = options.Value.QueueCapacity;
        _capacityBytes = options.Value.QueueCapacityBytes;
        (_count, _bytes) = store.InitialDeadLetters;
    }

    public int Count => Volatile.Read(ref _count);

    public async ValueTask WriteAsync(WithingsDeadLetter deadLetter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        await _log.WriteAsync(deadLetter, cancellationToken).ConfigureAwait(false);
        var bytes = Encoding.UTF8.GetByteCount(deadLetter.Body);
        lock (_gate)
        {
            if (_count >= _capacity || _bytes + bytes > _capacityBytes)
            {
                StoreLog.DeadLettersFull(_logger, _count, _bytes, deadLetter.Reason);
                return;
            }

            _count++;
            _bytes += bytes;
        }

        var deadLettered = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        try
        {
            await _store.RunAsync(session =>
            {
                var command = session.Command(InsertSql);
                command.Parameters.AddWithValue("$reason", (int)deadLetter.Reason);
                command.Parameters.AddWithValue("$received", deadLetter.ReceivedAt.ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("$dead_lettered", deadLettered);
                command.Parameters.AddWithValue("$attempts", deadLetter.Attempts);
                command.Parameters.AddWithValue("$error", deadLetter.Error);
                command.Parameters.AddWithValue("$body", deadLetter.Body);
                return command.ExecuteNonQuery();
            }).ConfigureAwait(false);
        }
        catch
        {
            Release(1, bytes);
            throw;
        }
    }

    public async ValueTask<IReadOnlyList<WithingsStoredDeadLetter>> ListAsync(CancellationToken cancellationToken) =>
        await _store.RunAsync<IReadOnlyList<WithingsStoredDeadLetter>>(session =>
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

    // Not cancellable once asked: the store's counts must follow what the committed transaction did.
    public async ValueTask<int> ReplayAsync(long? id, CancellationToken cancellationToken)
    {
        var (moved, bytes) = await _store.RunAsync(session =>
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
                if (!_queue.HasRoomFor(moved.Count + 1, pendingBytes + size))
                {
                    break;
                }

                var queuedId = DurableNotificationQueue.Insert(session, candidate.Received, candidate.Body);
                var delete = session.Command(DeleteOneSql);
                delete.Parameters.AddWithValue("$id", candidate.Id);
                movedBytes += Convert.ToInt64(delete.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
                pendingBytes += size;
                moved.Add(candidate with { Id = queuedId });
            }

            return (moved, movedBytes);
        }).ConfigureAwait(false);

        Release(moved.Count, bytes);
        _queue.Adopt(moved);
        if (moved.Count > 0)
        {
            StoreLog.Replayed(_logger, moved.Count);
        }

        return moved.Count;
    }

    public async ValueTask<int> PurgeAsync(long? id, CancellationToken cancellationToken)
    {
        var (count, bytes) = await _store.RunAsync(session =>
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
        Release(count, bytes);
        return count;
    }

    private void Release(int count, long bytes)
    {
        lock (_gate)
        {
            _count -= count;
            _bytes -= bytes;
        }
    }
}
