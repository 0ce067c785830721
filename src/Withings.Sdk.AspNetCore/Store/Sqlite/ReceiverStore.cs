using System.Globalization;
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

    // The free space a full disk must regain before the store reports it writable again: room for a few thousand
    // grouped commits.
    private const long FreeBytesToResume = 1024 * 1024;

    // SQLite's primary result codes.
    private const int SqliteNoMemory = 7;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;

    private readonly SqliteConnection _connection;
    private readonly StoreSession _session;
    private readonly StoreCheckpointer _checkpointer;

    // The work waiting for the writer; also the lock the writer sleeps on while there is none.
    private readonly Queue<StoreWork> _pending = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger;
    private readonly string _folder;
    private readonly StoreAvailability _availability;
    private readonly TimeProvider _timeProvider;

    // When the store entered its current condition; the writer's alone.
    private DateTimeOffset _since;
    private bool _closed;
    private long _commits;
    private IReadOnlyList<StoredRow> _queued;
    private IReadOnlyList<(string Key, long Expires)> _keys;

    public ReceiverStore(IOptions<WithingsReceiverOptions> options, TimeProvider timeProvider, ILogger<ReceiverStore> logger, IHostEnvironment? environment = null, StoreAvailability? availability = null)
    {
        _logger = logger;
        _availability = availability ?? new StoreAvailability();
        _timeProvider = timeProvider;
        var settings = options.Value;
        Path = ReceiverStoreFile.Resolve(settings.StorePath, environment?.ContentRootPath ?? AppContext.BaseDirectory);
        _folder = System.IO.Path.GetDirectoryName(Path) ?? Path;
        Durability = settings.StoreDurability;
        _connection = ReceiverStoreFile.Open(Path, Durability, settings.StoreRecovery, timeProvider, logger);
        _session = new StoreSession(_connection);
        StoreSnapshot initial;
        try
        {
            initial = ReadSnapshot(_session, settings, timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
            _checkpointer = new StoreCheckpointer(Path, Durability, _availability, logger);
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

        // One line that says what survived: after a damaged log, the only trace of rows that did not.
        var oldest = initial.Queued.Count == 0
            ? "none"
            : DateTimeOffset.FromUnixTimeMilliseconds(initial.Queued.Min(r => r.Received)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        StoreLog.Opened(logger, Path, Durability, initial.Queued.Count, oldest, initial.DeadLetterCount);
        new Thread(Run) { IsBackground = true, Name = "Withings store writer" }.Start();
    }

    /// <summary>The file's absolute path.</summary>
    public string Path { get; }

    public WithingsStoreDurability Durability { get; }

    /// <summary>Whether the last commit that wrote to the file succeeded, and if not why.</summary>
    public StoreCondition Condition => _availability.Condition;

    /// <summary>The bytes free for the store's file on its file system; -1 when the system does not say.</summary>
    public long FreeBytes
    {
        get
        {
            try
            {
                return new DriveInfo(_folder).AvailableFreeSpace;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                return -1;
            }
        }
    }

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

    /// <summary>
    /// Commits a change that writes to the file and leaves nothing behind (a row added and removed): while the store
    /// cannot write, the one way to learn that it can again when no notification arrives to try.
    /// </summary>
    public Task<bool> ProbeAsync() => RunAsync(static session =>
    {
        var insert = session.Command("INSERT INTO withings_queue (received, body) VALUES (0, '') RETURNING id");
        var id = (long)insert.ExecuteScalar()!;
        var delete = session.Command("DELETE FROM withings_queue WHERE id = $id");
        delete.Parameters.AddWithValue("$id", id);
        delete.ExecuteNonQuery();
        return true;
    });

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
                if (_checkpointer.LogFull && Condition == StoreCondition.Writable)
                {
                    _checkpointer.CatchUp(_session);
                }
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private void Commit(List<StoreWork> batch)
    {
        Exception? failure = null;
        long written = 0;
        try
        {
            // Plain SQL, not SqliteTransaction: when SQLite rolls a transaction back by itself (a full disk, an I/O
            // error), that object's own rollback throws and leaves the connection refusing every later transaction.
            ReceiverStoreFile.RollBackIfOpen(_connection);
            _session.Command("BEGIN IMMEDIATE").ExecuteNonQuery();
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
                    if (EndsTransaction(exception))
                    {
                        // What the batch did so far may be undone already: none of it is reported committed.
                        failure = exception;
                        break;
                    }

                    work.Fail(exception);
                }
            }

            if (failure is null)
            {
                _session.Command("COMMIT").ExecuteNonQuery();
                Interlocked.Increment(ref _commits);

                // The pages this commit appended to the log (the counter is reset as it is read): the checkpointer's measure.
                SQLitePCL.raw.sqlite3_db_status(_connection.Handle, SQLitePCL.raw.SQLITE_DBSTATUS_CACHE_WRITE, out var pages, out _, 1);
                written = pages;
                _checkpointer.Written(pages);
            }
        }
#pragma warning disable CA1031 // Whatever failed the transaction fails its callers; the writer thread goes on with the next batch.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            failure = exception;
        }

        if (failure is not null)
        {
            ReceiverStoreFile.RollBackIfOpen(_connection);

            // The pages the failed transaction wrote are not in the log: read and reset, so that they do not count
            // towards the next checkpoint.
            SQLitePCL.raw.sqlite3_db_status(_connection.Handle, SQLitePCL.raw.SQLITE_DBSTATUS_CACHE_WRITE, out _, out _, 1);
            var condition = Classify(failure);
            Enter(condition, failure);
            var unavailable = new StoreUnavailableException(
                condition == StoreCondition.DiskFull ? $"The Withings receiver store '{Path}' cannot write: its disk is full." : $"The Withings receiver store '{Path}' cannot write.",
                failure);
            foreach (var work in batch)
            {
                // Work that already failed on its own keeps its own exception.
                work.Fail(unavailable);
            }

            return;
        }

        // Only a commit that wrote pages proves the file can grow again; a batch of reads proves nothing. After a full
        // disk, a small commit may still fit in the last few kilobytes while the next fails: the store is writable
        // again only with room to spare, or its condition (and its log) would flap with every request.
        if (written > 0 && Condition != StoreCondition.Writable && (Condition != StoreCondition.DiskFull || FreeBytes is < 0 or >= FreeBytesToResume))
        {
            Enter(StoreCondition.Writable, null);
        }

        foreach (var work in batch)
        {
            work.Complete();
        }
    }

    // Errors after which SQLite may have rolled the whole transaction back (its documentation asks for a ROLLBACK).
    private bool EndsTransaction(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: var code } && ((code & 0xFF) is SqliteFull or SqliteIoError or SqliteNoMemory or SqliteCorrupt or SqliteReadOnly or SqliteCantOpen or SqliteNotADatabase
            || SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) != 0);

    private static StoreCondition Classify(Exception failure) =>
        failure is SqliteException { SqliteErrorCode: var code } && (code & 0xFF) == SqliteFull ? StoreCondition.DiskFull : StoreCondition.Failing;

    // Called by the writer thread only; one log line per change of condition, never one per failed commit.
    private void Enter(StoreCondition condition, Exception? failure)
    {
        var previous = _availability.Set(condition);
        if (previous == condition)
        {
            return;
        }

        var now = _timeProvider.GetUtcNow();
        var since = _since;
        _since = now;

        switch (condition)
        {
            case StoreCondition.DiskFull:
                StoreLog.DiskFull(_logger, Path, FreeBytes);
                break;
            case StoreCondition.Failing:
                StoreLog.WriteFailing(_logger, failure!, Path, failure!.Message);
                break;
            default:
                StoreLog.WritableAgain(_logger, Path, FreeBytes, since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                break;
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
