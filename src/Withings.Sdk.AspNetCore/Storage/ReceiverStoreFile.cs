using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Opens the store's SQLite file, creating it when absent or empty. A file that is not ours (another application's
/// database, a corrupt or foreign file, a newer schema) is a start-up error and is never changed or deleted.
/// </summary>
internal static class ReceiverStoreFile
{
    /// <summary>Marks the file as a Withings receiver store (SQLite's <c>application_id</c>): "WSDK".</summary>
    public const int ApplicationId = 0x5753444B;

    public const int SchemaVersion = 1;

    public const string Setting = WithingsReceiverOptions.SectionName + ":StorePath";

    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    private static readonly string[] Schema =
    [
        "CREATE TABLE withings_queue (id INTEGER PRIMARY KEY, received INTEGER NOT NULL, body TEXT NOT NULL)",
        "CREATE TABLE withings_duplicates (key TEXT PRIMARY KEY, expires INTEGER NOT NULL) WITHOUT ROWID",
        // AUTOINCREMENT: an id printed by `deadletters list` never names another dead letter after a purge.
        "CREATE TABLE withings_dead_letters (id INTEGER PRIMARY KEY AUTOINCREMENT, reason INTEGER NOT NULL, received INTEGER NOT NULL, dead_lettered INTEGER NOT NULL, attempts INTEGER NOT NULL, error TEXT NOT NULL, body TEXT NOT NULL)",
        FormattableString.Invariant($"PRAGMA application_id = {ApplicationId}"),
        FormattableString.Invariant($"PRAGMA user_version = {SchemaVersion}"),
    ];

    /// <summary>The absolute file path for the setting: relative paths are under the content root.</summary>
    public static string Resolve(string? storePath, string contentRoot) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(storePath) ? "withings-receiver.db" : storePath, contentRoot);

    public static SqliteConnection Open(string path, WithingsStoreDurability durability)
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

        var connection = Connection(path, SqliteOpenMode.ReadWriteCreate);
        try
        {
            connection.Open();
            Prepare(connection, path, durability);
            return connection;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            connection.Dispose();
            throw new InvalidOperationException(
                $"{Setting}: '{path}' is not a SQLite database or is corrupt ({e.Message}). It was left untouched: move it aside to start with an empty store, or restore a copy.",
                e);
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

    private static void Prepare(SqliteConnection connection, string path, WithingsStoreDurability durability)
    {
        // Read before writing anything: another application's file must come out exactly as it went in.
        var applicationId = Convert.ToInt32(Scalar(connection, "PRAGMA application_id"), CultureInfo.InvariantCulture);
        var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), CultureInfo.InvariantCulture);
        var tables = Convert.ToInt64(Scalar(connection, "SELECT COUNT(*) FROM sqlite_master"), CultureInfo.InvariantCulture);
        var fresh = applicationId == 0 && version == 0 && tables == 0;
        if (!fresh && applicationId != ApplicationId)
        {
            throw new InvalidOperationException(
                $"{Setting}: '{path}' is another application's SQLite database, not a Withings receiver store. It was left untouched: choose another file.");
        }

        if (!fresh && version != SchemaVersion)
        {
            throw new InvalidOperationException(
                $"{Setting}: '{path}' is a Withings receiver store of version {version}; this version reads version {SchemaVersion}. It was left untouched.");
        }

        if (!fresh && Scalar(connection, "PRAGMA quick_check") is not "ok")
        {
            throw new InvalidOperationException(
                $"{Setting}: '{path}' is corrupt (SQLite's integrity check failed). It was left untouched: move it aside to start with an empty store, or restore a copy.");
        }

        // WAL: a commit appends to the log instead of rewriting pages, and readers (the deadletters command) do not
        // block the writer. The mode is stored in the file; synchronous is per connection.
        Execute(connection, "PRAGMA journal_mode = WAL");
        Execute(connection, Synchronous(durability));

        // The log is copied back into the file by the store's checkpointer, off the commit path; see StoreCheckpointer.
        Execute(connection, "PRAGMA wal_autocheckpoint = 0");
        using var transaction = connection.BeginTransaction();
        if (fresh)
        {
            foreach (var statement in Schema)
            {
                Execute(connection, statement, transaction);
            }
        }

        // The duplicate filter's sweep finds the oldest keys by expiry: without an index each sweep scanned and
        // sorted every key while the commits waited behind it. Created here too for files made before it existed.
        Execute(connection, "CREATE INDEX IF NOT EXISTS withings_duplicates_expires ON withings_duplicates (expires)", transaction);

        // An empty write transaction proves the file can be written now, at start, rather than at the first notification.
        transaction.Commit();
    }

    /// <summary>A second connection to a store <see cref="Open"/> has prepared, for the checkpointer.</summary>
    public static SqliteConnection OpenCheckpointer(string path, WithingsStoreDurability durability)
    {
        var connection = Connection(path, SqliteOpenMode.ReadWrite);
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

    private static SqliteConnection Connection(string path, SqliteOpenMode mode) =>
        new(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());

    private static string Synchronous(WithingsStoreDurability durability) =>
        durability == WithingsStoreDurability.PowerLoss ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL";

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

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Constant SQL.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }
}
