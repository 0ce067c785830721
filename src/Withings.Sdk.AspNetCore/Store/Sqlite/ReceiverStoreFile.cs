using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Opens the store's SQLite file, creating it when absent or empty and upgrading it to <see cref="StoreSchema.Version"/>.
/// A file that is not ours (another application's database, a foreign file, a newer schema) is a start-up error and
/// is never changed or deleted; so is a damaged one (corrupt, or an empty file beside a non-empty <c>-wal</c>),
/// unless <see cref="WithingsReceiverOptions.StoreRecovery"/> asks to rename it aside and start empty.
/// </summary>
internal static class ReceiverStoreFile
{
    /// <summary>Marks the file as a Withings receiver store (SQLite's <c>application_id</c>): "WSDK".</summary>
    public const int ApplicationId = 0x5753444B;

    public const string Setting = WithingsReceiverOptions.SectionName + ":StorePath";

    public const string RecoverySetting = WithingsReceiverOptions.SectionName + ":StoreRecovery";

    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    /// <summary>The absolute file path for the setting: relative paths are under the content root.</summary>
    public static string Resolve(string? storePath, string contentRoot) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(storePath) ? "withings-receiver.db" : storePath, contentRoot);

    public static SqliteConnection Open(string path, WithingsStoreDurability durability, WithingsStoreRecovery recovery, TimeProvider timeProvider, ILogger logger)
    {
        try
        {
            var folder = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotWrite(path, e);
        }

        // Before SQLite sees the files: it takes an empty store file for a new database and deletes the log beside it.
        if (OrphanedLogBytes(path) is { } logBytes)
        {
            var damage = string.Create(CultureInfo.InvariantCulture, $"the file is empty but its write-ahead log holds {logBytes} bytes");
            if (recovery != WithingsStoreRecovery.StartEmpty)
            {
                throw new InvalidOperationException(
                    $"{Setting}: '{path}' is empty or missing, but its write-ahead log '{path}-wal' holds {logBytes} bytes: the notifications committed in it cannot be read without the store file, and opening the store would discard them. Both files were left untouched: restore the store file from a copy, or set {RecoverySetting} to StartEmpty for one start to rename both aside and start with an empty store.");
            }

            StoreLog.MovedAside(logger, path, damage, MoveAside(path, timeProvider));
        }

        // Also before SQLite opens the log: it reads a log only up to its first damaged frame and drops the rest.
        var logDamage = WriteAheadLog.FindDamage(path + "-wal");
        var connection = Connection(path);
        try
        {
            var version = Inspect(connection, path);
            if (version is null)
            {
                if (recovery != WithingsStoreRecovery.StartEmpty)
                {
                    throw Corrupt(path, null);
                }

                connection.Dispose();
                StoreLog.MovedAside(logger, path, "SQLite's integrity check failed", MoveAside(path, timeProvider));
                logDamage = null;
                connection = Connection(path);
                version = Inspect(connection, path);
            }

            if (logDamage is not null)
            {
                StoreLog.LogDamaged(logger, path + "-wal", logDamage);
            }

            Prepare(connection, path, durability, version!.Value, logger);

            // Accepted: from now on the last connection to close copies the log into the file and removes it.
            KeepLogOnClose(connection, keep: false);
            return connection;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            connection.Dispose();
            throw Corrupt(path, e);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw CannotWrite(path, e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>A second connection to a store <see cref="Open"/> has prepared, for the checkpointer.</summary>
    public static SqliteConnection OpenCheckpointer(string path, WithingsStoreDurability durability)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        try
        {
            connection.Open();

            // A checkpoint flushes the log before copying it and the file after, as the writer's level asks.
            Execute(connection, Synchronous(durability));
            Execute(connection, "PRAGMA wal_autocheckpoint = 0");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="statements"/> in one write transaction, rolled back if any fails. Plain SQL rather than
    /// <see cref="SqliteConnection.BeginTransaction()"/>: after SQLite rolls a transaction back by itself (a full disk
    /// does), that object's rollback throws and leaves the connection believing a transaction is still open.
    /// </summary>
    public static void RunInTransaction(SqliteConnection connection, IEnumerable<string> statements)
    {
        Execute(connection, "BEGIN IMMEDIATE");
        try
        {
            foreach (var statement in statements)
            {
                Execute(connection, statement);
            }

            Execute(connection, "COMMIT");
        }
        catch
        {
            RollBackIfOpen(connection);
            throw;
        }
    }

    /// <summary>Ends the transaction SQLite left open, if any; a failure to do so shows at the next BEGIN.</summary>
    public static void RollBackIfOpen(SqliteConnection connection)
    {
        if (SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0)
        {
            try
            {
                Execute(connection, "ROLLBACK");
            }
            catch (SqliteException)
            {
                // Nothing more to do here: the next transaction's BEGIN reports it.
            }
        }
    }

    // Opened for reading what the file is before anything is written: a file refused must come out exactly as it went
    // in, so SQLite must not copy the log into it when this connection closes.
    private static SqliteConnection Connection(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        try
        {
            connection.Open();
            KeepLogOnClose(connection, keep: true);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The schema version of the file, 0 for a new one; <see langword="null"/> for a store of ours that fails SQLite's
    /// integrity check. Throws for a file that is not ours or is of a newer version.
    /// </summary>
    private static int? Inspect(SqliteConnection connection, string path)
    {
        // Read before writing anything: another application's file must come out exactly as it went in.
        var applicationId = Convert.ToInt32(Scalar(connection, "PRAGMA application_id"), CultureInfo.InvariantCulture);
        var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), CultureInfo.InvariantCulture);
        var tables = Convert.ToInt64(Scalar(connection, "SELECT COUNT(*) FROM sqlite_master"), CultureInfo.InvariantCulture);
        if (applicationId == 0 && version == 0 && tables == 0)
        {
            return 0;
        }

        if (applicationId != ApplicationId)
        {
            throw new InvalidOperationException(
                $"{Setting}: '{path}' is another application's SQLite database, not a Withings receiver store. It was left untouched: choose another file.");
        }

        if (version > StoreSchema.Version)
        {
            throw new InvalidOperationException(
                $"{Setting}: '{path}' is a Withings receiver store of schema version {version}, written by a newer release of Withings.Sdk.AspNetCore; this release reads versions up to {StoreSchema.Version}. It was left untouched: run the newer release on it, or point {Setting} at another file.");
        }

        try
        {
            // Version 0 with our mark cannot be written (the first step sets both in one transaction): damage too.
            return version > 0 && Scalar(connection, "PRAGMA quick_check") is "ok" ? version : null;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            return null;
        }
    }

    private static void Prepare(SqliteConnection connection, string path, WithingsStoreDurability durability, int version, ILogger logger)
    {
        // WAL: a commit appends to the log instead of rewriting pages, and readers (the deadletters command) do not
        // block the writer. The mode is stored in the file; synchronous is per connection.
        Execute(connection, "PRAGMA journal_mode = WAL");
        Execute(connection, Synchronous(durability));

        // The log is copied back into the file by the store's checkpointer, off the commit path; see StoreCheckpointer.
        Execute(connection, "PRAGMA wal_autocheckpoint = 0");
        for (var from = version; from < StoreSchema.Version; from++)
        {
            // Each step with its version, in one transaction: a file is at one version or the next, never between.
            var statements = new List<string>(StoreSchema.Steps[from].Statements);
            if (from == 0)
            {
                statements.Add(FormattableString.Invariant($"PRAGMA application_id = {ApplicationId}"));
            }

            statements.Add(FormattableString.Invariant($"PRAGMA user_version = {from + 1}"));
            RunInTransaction(connection, statements);
        }

        if (version is > 0 && version < StoreSchema.Version)
        {
            StoreLog.Upgraded(logger, path, version, StoreSchema.Version);
        }

        // An empty write transaction proves the file can be written now, at start, rather than at the first notification.
        RunInTransaction(connection, []);
    }

    // An empty (or missing) store file with a log that holds something: a store whose file was truncated or replaced.
    private static long? OrphanedLogBytes(string path)
    {
        var file = new FileInfo(path);
        var log = new FileInfo(path + "-wal");
        return (!file.Exists || file.Length == 0) && log.Exists && log.Length > 0 ? log.Length : null;
    }

    /// <summary>Renames the store and its companions to <c>NAME.damaged-TIMESTAMP</c>(<c>-wal</c>, <c>-shm</c>); returns the new name.</summary>
    private static string MoveAside(string path, TimeProvider timeProvider)
    {
        var target = path + ".damaged-" + timeProvider.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        try
        {
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                if (File.Exists(path + suffix))
                {
                    File.Move(path + suffix, target + suffix);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{RecoverySetting}: could not rename the damaged store '{path}' to '{target}' ({e.Message}). Move it aside by hand.", e);
        }

        return target;
    }

    private static void KeepLogOnClose(SqliteConnection connection, bool keep) =>
        SQLitePCL.raw.sqlite3_db_config(connection.Handle, SQLitePCL.raw.SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, keep ? 1 : 0, out _);

    private static string Synchronous(WithingsStoreDurability durability) =>
        durability == WithingsStoreDurability.PowerLoss ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL";

    private static InvalidOperationException Corrupt(string path, SqliteException? inner) => new(
        inner is null
            ? $"{Setting}: '{path}' is a Withings receiver store that is corrupt (SQLite's integrity check failed). It was left untouched: restore a copy, or set {RecoverySetting} to StartEmpty for one start to rename it aside and start with an empty store."
            : $"{Setting}: '{path}' is not a SQLite database or is corrupt ({inner.Message}). It was left untouched: move it aside to start with an empty store, or restore a copy.",
        inner);

    private static InvalidOperationException CannotWrite(string path, Exception inner) =>
        new($"{Setting}: cannot open '{path}' for writing ({inner.Message}). Choose a file in a writable folder.", inner);

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Constant SQL.
        command.CommandText = sql;
#pragma warning restore CA2100
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Constant SQL.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.ExecuteNonQuery();
    }
}
