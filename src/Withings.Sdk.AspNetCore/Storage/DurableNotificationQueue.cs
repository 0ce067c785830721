using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The default queue: every acknowledged notification is a row of the store's file, committed before the endpoint
/// answers <c>200</c> and deleted once processed. Rows left by a crash or a stop are read back, parsed again and
/// handled when the store is next opened. As the in-memory queue, it holds at most
/// <see cref="WithingsReceiverOptions.QueueCapacity"/> notifications and <see cref="WithingsReceiverOptions.QueueCapacityBytes"/>
/// bytes, each counted from its acknowledgement until <see cref="MarkProcessedAsync"/> (waiting, being handled or
/// waiting for a retry), so the file stays bounded by the limits. A stop cut short by the host's shutdown timeout
/// leaves the unprocessed rows in the file for the next start.
/// </summary>
internal sealed class DurableNotificationQueue : IWithingsNotificationQueue
{
    private const string InsertSql = "INSERT INTO withings_queue (received, body) VALUES ($received, $body) RETURNING id";
    private const string DeleteSql = "DELETE FROM withings_queue WHERE id = $id";

    private readonly ReceiverStore _store;
    private readonly NotificationParser _parser;
    private readonly ILogger _logger;
    private readonly int _capacity;
    private readonly long _capacityBytes;

    // Each item is handed to one reader only (a channel); the row behind it is found by reference, since two
    // notifications with equal content are still two rows.
    private readonly Channel<ReceivedNotification> _ready = Channel.CreateUnbounded<ReceivedNotification>();
    private readonly ConcurrentDictionary<ReceivedNotification, RowHandle> _rows = new(ReferenceEqualityComparer.Instance);
    private readonly object _gate = new();
    private int _stored;
    private long _storedBytes;
    private int _enqueuing;
    private bool _accepting = true;

    public DurableNotificationQueue(ReceiverStore store, NotificationParser parser, IOptions<WithingsReceiverOptions> options, ILogger<DurableNotificationQueue> logger)
    {
        _store = store;
        _parser = parser;
        _logger = logger;
        _capacity = options.Value.QueueCapacity;
        _capacityBytes = options.Value.QueueCapacityBytes;
        Adopt(store.TakeQueued());
    }

    /// <summary>Notifications waiting for a handler slot.</summary>
    public int Count => _ready.Reader.Count;

    /// <summary>Notifications stored and not yet processed: waiting, being handled, or waiting for a retry.</summary>
    public int StoredCount => Volatile.Read(ref _stored);

    /// <summary>The body bytes of <see cref="StoredCount"/>, held against <see cref="WithingsReceiverOptions.QueueCapacityBytes"/>.</summary>
    public long StoredBytes => Interlocked.Read(ref _storedBytes);

    public ReceiverStore Store => _store;

    public async ValueTask<bool> TryEnqueueAsync(ReceivedNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var body = notification.Body;
        var bytes = notification.BodyBytes;
        lock (_gate)
        {
            if (!_accepting || !HasRoom(1, bytes))
            {
                return false;
            }

            Track(1, bytes);
            _enqueuing++;
        }

        try
        {
            long id;
            try
            {
                // Not cancellable: once handed to the writer the row is committed anyway, and it must then be handled.
                var received = notification.ReceivedAt.ToUnixTimeMilliseconds();
                id = await _store.RunAsync(session => Insert(session, received, body)).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Whatever the store threw, the row is not committed: refused (503), and its place given back.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                // A store that cannot write has said so once; each refusal is the endpoint's to count.
                if (exception is not StoreUnavailableException)
                {
                    StoreLog.EnqueueFailed(_logger, exception);
                }

                lock (_gate)
                {
                    Track(-1, -bytes);
                }

                return false;
            }

            _rows[notification] = new RowHandle(id, bytes);
            _ready.Writer.TryWrite(notification);
            return true;
        }
        finally
        {
            lock (_gate)
            {
                _enqueuing--;
                CompleteIfDrained();
            }
        }
    }

    public IAsyncEnumerable<ReceivedNotification> ReadAllAsync(CancellationToken cancellationToken) =>
        _ready.Reader.ReadAllAsync(cancellationToken);

    public async ValueTask MarkProcessedAsync(ReceivedNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (!_rows.TryRemove(notification, out var row))
        {
            return;
        }

        try
        {
            // Awaited, so that a notification reported processed is really gone: after a crash only the few being
            // marked at that instant are handled again.
            await _store.RunAsync(session => Delete(session, row.Id)).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            // The store cannot write (and has said so): the row stays in the file and is handled again after the next
            // start, at least once as always. Not a failure for each handled notification to report.
        }
        finally
        {
            lock (_gate)
            {
                Track(-1, -row.Bytes);
            }
        }
    }

    public void StopAccepting()
    {
        lock (_gate)
        {
            _accepting = false;
            CompleteIfDrained();
        }
    }

    /// <summary>Hands rows committed by someone else (the start-up read, a replay) to the readers.</summary>
    internal void Adopt(IEnumerable<StoredRow> rows)
    {
        foreach (var row in rows)
        {
            var bytes = Encoding.UTF8.GetByteCount(row.Body);
            var received = DateTimeOffset.FromUnixTimeMilliseconds(row.Received);
            var item = _parser.TryParse(row.Body, out var parsed, out var error)
                ? ReceivedNotification.Parsed(parsed, received, bytes)
                : ReceivedNotification.Unparseable(row.Body, error, received, bytes);
            lock (_gate)
            {
                Track(1, bytes);
            }

            _rows[item] = new RowHandle(row.Id, bytes);

            // After StopAccepting the channel may be complete: the row then waits in the file for the next start.
            _ready.Writer.TryWrite(item);
        }
    }

    /// <summary>Room left for <paramref name="count"/> more rows of <paramref name="bytes"/> body bytes in all.</summary>
    internal bool HasRoomFor(int count, long bytes)
    {
        lock (_gate)
        {
            return HasRoom(count, bytes);
        }
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

    // Under _gate. As in the in-memory queue, a single body larger than the byte limit still enters an empty queue,
    // or it would be refused for ever.
    private bool HasRoom(int count, long bytes) =>
        _stored + count <= _capacity && (_storedBytes + bytes <= _capacityBytes || (_stored == 0 && count == 1));

    // Under _gate.
    private void Track(int count, long bytes)
    {
        _stored += count;
        _storedBytes += bytes;
    }

    // Readers end once nothing more can arrive: intake stopped and no acknowledgement still waiting for its commit.
    private void CompleteIfDrained()
    {
        if (!_accepting && _enqueuing == 0)
        {
            _ready.Writer.TryComplete();
        }
    }

    private readonly record struct RowHandle(long Id, long Bytes);
}
