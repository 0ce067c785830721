using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The receiver's SQLite file and its single writer. Every change runs on one connection in the order asked, and
/// whatever is waiting when the writer comes round shares one transaction: concurrent acknowledgements pay for one
/// commit together (group commit), and each caller's task completes only after the commit that holds its change.
/// The writer is a thread of its own, woken as soon as work arrives: on the thread pool its next batch waited behind
/// the very requests it was to acknowledge. Copying the write-ahead log back into the file is left to a
/// <see cref="StoreCheckpointer"/>, off the commit path.
/// </summary>
internal sealed class ReceiverStore : IAsyncDisposable, IDisposable
{
    // A bound on one transaction keeps the time a caller waits for its commit bounded too.
    private const int MaxBatch = 512;

    private readonly SqliteConnection _connection;
    private readonly StoreSession _session;
    private readonly StoreCheckpointer _checkpointer;

    // The work waiting for the writer; also the lock the writer sleeps on while there is none.
    private readonly Queue<StoreWork> _pending = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger;
    private bool _closed;
    private long _commits;
    private IReadOnlyList<StoredRow> _queued;
    private IReadOnlyList<(string Key, long Expires)> _keys;

    public ReceiverStore(IOptions<WithingsReceiverOptions> options, TimeProvider timeProvider, ILogger<ReceiverStore> logger, IHostEnvironment? environment = null)
    {
        _logger = logger;
        var settings = options.Value;
        Path = ReceiverStoreFile.Resolve(settings.StorePath, environment?.ContentRootPath ?? AppContext.BaseDirectory);
        Durability = settings.StoreDurability;
        _connection = ReceiverStoreFile.Open(Path, Durability);
        _session = new StoreSession(_connection);
        StoreSnapshot initial;
        try
        {
            initial = ReadSnapshot(_session, settings, timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
            _checkpointer = new StoreCheckpointer(Path, Durability, logger);
        }
        catch
        {
            _session.Dispose();
            _connection.Dispose();
            throw;
        }

        _queued = initial.Queued;
        _keys = initial.Keys;
        InitialDeadLetters = (initial.DeadLetterCount, initial.DeadLetterBytes);
        StoreLog.Opened(logger, Path, Durability, initial.Queued.Count, initial.DeadLetterCount);
        new Thread(Run) { IsBackground = true, Name = "Withings store writer" }.Start();
    }

    /// <summary>The file's absolute path.</summary>
    public string Path { get; }

    public WithingsStoreDurability Durability { get; }

    /// <summary>Transactions committed so far: fewer than the changes they held when commits are grouped.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>How many dead letters the file held when opened, and the size of their bodies.</summary>
    public (int Count, long Bytes) InitialDeadLetters { get; }

    /// <summary>The rows the file held when opened, handed out once: to the queue that owns them.</summary>
    public IReadOnlyList<StoredRow> TakeQueued() => Interlocked.Exchange(ref _queued, []);

    /// <summary>The duplicate keys the file held when opened, handed out once: to the filter that owns them.</summary>
    public IReadOnlyList<(string Key, long Expires)> TakeKeys() => Interlocked.Exchange(ref _keys, []);

    /// <summary>Runs <paramref name="run"/> in the next transaction; completes once that transaction is committed.</summary>
    public Task<T> RunAsync<T>(Func<StoreSession, T> run)
    {
        var work = new StoreWork<T>(run);
        lock (_pending)
        {
            if (!_closed)
            {
                _pending.Enqueue(work);

                // The writer sleeps only on an empty queue: the first piece of work is the one that wakes it.
                if (_pending.Count == 1)
                {
                    Monitor.Pulse(_pending);
                }

                return work.Task;
            }
        }

        work.Fail(new ObjectDisposedException(nameof(ReceiverStore), "The Withings receiver store is closed."));
        return work.Task;
    }

    public async ValueTask DisposeAsync()
    {
        StopIntake();
        await _stopped.Task.ConfigureAwait(false);
        Close();
    }

    public void Dispose()
    {
        StopIntake();
#pragma warning disable VSTHRD002 // A synchronous dispose (a container disposed without await) still lets the last commits finish.
        _stopped.Task.GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
        Close();
    }

    // The writer still commits what was queued before, then ends.
    private void StopIntake()
    {
        lock (_pending)
        {
            _closed = true;
            Monitor.Pulse(_pending);
        }
    }

    private void Close()
    {
        _checkpointer.Dispose();
        _session.Dispose();

        // The last connection to close checkpoints the write-ahead log into the file and removes it.
        _connection.Dispose();
    }

    private void Run()
    {
        try
        {
            var batch = new List<StoreWork>(MaxBatch);
            while (true)
            {
                lock (_pending)
                {
                    while (_pending.Count == 0 && !_closed)
                    {
                        Monitor.Wait(_pending);
                    }

                    if (_pending.Count == 0)
                    {
                        return;
                    }

                    while (batch.Count < MaxBatch && _pending.TryDequeue(out var work))
                    {
                        batch.Add(work);
                    }
                }

                Commit(batch);
                batch.Clear();
                if (_checkpointer.LogFull)
                {
                    CatchUp();
                }
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private void CatchUp()
    {
        try
        {
            _checkpointer.CatchUp(_session);
        }
#pragma warning disable CA1031 // The writer must outlive a failed checkpoint: the log only grows until the next one.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            StoreLog.CheckpointFailed(_logger, exception);
        }
    }

    private void Commit(List<StoreWork> batch)
    {
        try
        {
            using var transaction = _connection.BeginTransaction();
            _session.Transaction = transaction;
            foreach (var work in batch)
            {
                try
                {
                    work.Execute(_session);
                }
#pragma warning disable CA1031 // One failing piece of work fails its caller only; the rest of the batch still commits.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    work.Fail(exception);
                }
            }

            transaction.Commit();
            Interlocked.Increment(ref _commits);

            // The pages this commit appended to the log (the counter is reset as it is read): the checkpointer's measure.
            SQLitePCL.raw.sqlite3_db_status(_connection.Handle, SQLitePCL.raw.SQLITE_DBSTATUS_CACHE_WRITE, out var written, out _, 1);
            _checkpointer.Written(written);
        }
#pragma warning disable CA1031 // Whatever failed the transaction fails its callers; the writer thread goes on with the next batch.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            StoreLog.CommitFailed(_logger, exception, batch.Count);
            foreach (var work in batch)
            {
                work.Fail(exception);
            }

            return;
        }
        finally
        {
            _session.Transaction = null;
        }

        foreach (var work in batch)
        {
            work.Complete();
        }
    }

    private static StoreSnapshot ReadSnapshot(StoreSession session, WithingsReceiverOptions settings, long now)
    {
        var queued = new List<StoredRow>();
        using (var reader = session.Command("SELECT id, received, body FROM withings_queue ORDER BY id").ExecuteReader())
        {
            while (reader.Read())
            {
                queued.Add(new StoredRow(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2)));
            }
        }

        // The newest keys up to the filter's size, as the in-memory filter would have kept them.
        var keys = new List<(string, long)>();
        var select = session.Command("SELECT key, expires FROM withings_duplicates WHERE expires > $now ORDER BY expires DESC LIMIT $limit");
        select.Parameters.AddWithValue("$now", now);
        select.Parameters.AddWithValue("$limit", settings.DuplicateCacheSize);
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                keys.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        keys.Reverse();
        int deadLetters;
        long deadLetterBytes;
        using (var reader = session.Command("SELECT COUNT(*), COALESCE(SUM(length(CAST(body AS BLOB))), 0) FROM withings_dead_letters").ExecuteReader())
        {
            reader.Read();
            deadLetters = reader.GetInt32(0);
            deadLetterBytes = reader.GetInt64(1);
        }

        return new StoreSnapshot(queued, keys, deadLetters, deadLetterBytes);
    }
}
