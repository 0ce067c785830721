using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Copies the write-ahead log back into the store's file on a thread and a connection of its own. SQLite's automatic
/// checkpoint runs inside the writer's commit every 1 000 pages and flushes both files to the disk there: every
/// acknowledgement waiting for that commit paid for the flush (tens of milliseconds on a busy disk, the durable
/// store's p99). A PASSIVE checkpoint on another connection neither blocks the writer nor is blocked by it, so the
/// commits go on while the disk is flushed.
/// </summary>
internal sealed class StoreCheckpointer : IDisposable
{
    private const int SqliteFull = 13;
    private const int NotFailing = 0;
    private const int FailingLogged = 1;
    private const int FailingSilently = 2;

    // SQLite's own automatic checkpoint interval, in pages written to the log.
    private const int PagesPerCheckpoint = 1000;

    // A checkpoint that runs while the writer commits cannot let the log start over from its beginning, so under
    // steady traffic the log grows; past this many pages (40 MiB of 4 KiB pages) the writer restarts it itself.
    private const int MaxLogPages = 10_000;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _checkpoint;
    private readonly ILogger _logger;
    private readonly StoreAvailability _availability;
    private readonly AutoResetEvent _due = new(initialState: false);
    private readonly Thread _thread;
    private long _pages;
    private long _logPages;
    private int _failing;
    private volatile bool _stopping;

    public StoreCheckpointer(string path, WithingsStoreDurability durability, StoreAvailability availability, ILogger logger)
    {
        _logger = logger;
        _availability = availability;
        _connection = ReceiverStoreFile.OpenCheckpointer(path, durability);
        _checkpoint = _connection.CreateCommand();
        _checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        _thread = new Thread(Run) { IsBackground = true, Name = "Withings store checkpoint" };
        _thread.Start();
    }

    /// <summary>Called by the writer after each commit with the pages that commit wrote to the log.</summary>
    public void Written(long pages)
    {
        if (Interlocked.Add(ref _pages, pages) >= PagesPerCheckpoint)
        {
            _due.Set();
        }
    }

    /// <summary>Whether the log has grown past its bound, as the last checkpoint found it.</summary>
    public bool LogFull => Interlocked.Read(ref _logPages) >= MaxLogPages;

    /// <summary>
    /// Called by the writer between two commits, when <see cref="LogFull"/>: copies the little the last background
    /// checkpoint left, so that the next commit starts the log over. The one stall on the commit path, once per
    /// <see cref="MaxLogPages"/> pages instead of SQLite's every 1 000.
    /// </summary>
    public void CatchUp(StoreSession session)
    {
        try
        {
            using var reader = session.Command("PRAGMA wal_checkpoint(PASSIVE)").ExecuteReader();

            // busy, pages in the log, pages copied: busy while the background checkpoint runs; tried again after the next commit.
            if (reader.Read() && reader.GetInt64(0) == 0 && reader.GetInt64(1) == reader.GetInt64(2))
            {
                Interlocked.Exchange(ref _logPages, 0);
            }

            Succeeded();
        }
#pragma warning disable CA1031 // The writer must outlive a failed checkpoint: the log only grows until the next one.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Failed(exception);
        }
    }

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _due.Set();
        _thread.Join();
        _checkpoint.Dispose();

        // Closed before the writer's connection: the last one to close copies the rest of the log and removes it.
        _connection.Dispose();
        _due.Dispose();
    }

    private void Run()
    {
        while (true)
        {
            _due.WaitOne();
            if (_stopping)
            {
                return;
            }

            Interlocked.Exchange(ref _pages, 0);
            try
            {
                using var reader = _checkpoint.ExecuteReader();
                if (reader.Read())
                {
                    Interlocked.Exchange(ref _logPages, reader.GetInt64(1));
                }

                Succeeded();
            }
#pragma warning disable CA1031 // This thread must outlive a failed checkpoint: the log then grows until the next one succeeds, and nothing committed is at risk.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Failed(exception);
            }
        }
    }

    // Logged once when checkpoints start failing and once when one succeeds again; not at all for a full disk the
    // writer has already reported: its own line says all there is to say, and its "writable again" ends it.
    private void Failed(Exception exception)
    {
        var silent = exception is SqliteException { SqliteErrorCode: var code } && (code & 0xFF) == SqliteFull && _availability.Condition == StoreCondition.DiskFull;
        if (Interlocked.CompareExchange(ref _failing, silent ? FailingSilently : FailingLogged, NotFailing) == NotFailing && !silent)
        {
            StoreLog.CheckpointFailed(_logger, exception);
        }
    }

    private void Succeeded()
    {
        if (Interlocked.Exchange(ref _failing, NotFailing) == FailingLogged)
        {
            StoreLog.CheckpointRecovered(_logger);
        }
    }
}
