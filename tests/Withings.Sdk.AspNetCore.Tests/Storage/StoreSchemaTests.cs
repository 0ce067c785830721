using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>The store's schema version: older files upgrade in place, a newer one is refused untouched.</summary>
public sealed class StoreSchemaTests : TemporaryStoreTest
{
    [TestCase(true, TestName = "Start_VersionOneFile_AsTheFirstReleaseLastWroteIt_UpgradesInPlace")]
    [TestCase(false, TestName = "Start_VersionOneFile_FromBeforeTheExpiryIndex_UpgradesInPlace")]
    public async Task Start_VersionOneFile_UpgradesInPlace_AndKeepsItsRowsKeysAndDeadLetters(bool withExpiryIndex)
    {
        // Version 1 exactly as the first release wrote it (the statements of its ReceiverStoreFile; the index on the
        // keys' expiry came later and was created at each start), with a row, a duplicate key and a dead letter in it.
        using (var connection = Open(StorePath))
        {
            Execute(connection, "PRAGMA journal_mode = WAL");
            Execute(connection, "BEGIN IMMEDIATE");
            Execute(connection, "CREATE TABLE withings_queue (id INTEGER PRIMARY KEY, received INTEGER NOT NULL, body TEXT NOT NULL)");
            Execute(connection, "CREATE TABLE withings_duplicates (key TEXT PRIMARY KEY, expires INTEGER NOT NULL) WITHOUT ROWID");
            Execute(connection, "CREATE TABLE withings_dead_letters (id INTEGER PRIMARY KEY AUTOINCREMENT, reason INTEGER NOT NULL, received INTEGER NOT NULL, dead_lettered INTEGER NOT NULL, attempts INTEGER NOT NULL, error TEXT NOT NULL, body TEXT NOT NULL)");
            Execute(connection, "PRAGMA application_id = 1465074763");
            Execute(connection, "PRAGMA user_version = 1");
            Execute(connection, "COMMIT");
            if (withExpiryIndex)
            {
                Execute(connection, "CREATE INDEX IF NOT EXISTS withings_duplicates_expires ON withings_duplicates (expires)");
            }

            Execute(connection, $"INSERT INTO withings_queue (received, body) VALUES (1530576000000, '{Payloads.Weight(41, 1530576000)}')");
            Execute(connection, $"INSERT INTO withings_duplicates (key, expires) VALUES ('k1', {DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds()})");
            Execute(connection, $"INSERT INTO withings_dead_letters (reason, received, dead_lettered, attempts, error, body) VALUES (1, 1530576000000, 1530576001000, 0, 'appli: missing', '{Payloads.Garbage}')");
        }

        var handler = new RecordingHandler();
        await using (var host = await ReceiverHost.StartAsync(r => r.RecordInto(handler), o => o.StorePath = StorePath))
        {
            (await handler.NextAsync()).Notification.UserId.Should().Be(41);
            var deadLetters = await host.Services.GetRequiredService<IWithingsDeadLetterStore>().ListAsync(CancellationToken.None);
            deadLetters.Should().ContainSingle().Which.Body.Should().Be(Payloads.Garbage);
            host.Logs.GetSnapshot().Should().ContainSingle(r => r.Message.Contains("upgraded from schema version 1 to", StringComparison.Ordinal))
                .Which.Message.Should().Contain(StorePath);
        }

        using var upgraded = Open(StorePath);
        ((long)Scalar(upgraded, "PRAGMA user_version")!).Should().Be(StoreSchema.Version).And.BeGreaterThan(1);
        Scalar(upgraded, "PRAGMA application_id").Should().Be(1465074763L);
        Scalar(upgraded, "SELECT key FROM withings_duplicates").Should().Be("k1");
        Scalar(upgraded, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'withings_duplicates_expires'").Should().Be(1L);
        Scalar(upgraded, "PRAGMA quick_check").Should().Be("ok");
    }

    [Test]
    public async Task Start_NewFile_IsAtTheCurrentVersion_AndAStartAtItUpgradesNothing()
    {
        await using (await ReceiverHost.StartAsync(r => r.RecordInto(new RecordingHandler()), o => o.StorePath = StorePath))
        {
        }

        await using (var again = await ReceiverHost.StartAsync(r => r.RecordInto(new RecordingHandler()), o => o.StorePath = StorePath))
        {
            again.Logs.GetSnapshot().Should().NotContain(r => r.Message.Contains("upgraded", StringComparison.Ordinal));
        }

        using var connection = Open(StorePath);
        Scalar(connection, "PRAGMA user_version").Should().Be((long)StoreSchema.Version);
    }

    [Test]
    public async Task Start_FileOfANewerVersion_RefusesNamingBothVersions_AndLeavesFileAndLogUntouched()
    {
        // A store a newer release was writing when it stopped: committed changes still in its -wal. Copied while its
        // writer is open, so that the log is not folded into the file by a close.
        var source = TestStore.NewPath();
        try
        {
            using (var writer = Open(source))
            {
                Execute(writer, "PRAGMA journal_mode = WAL");
                Execute(writer, "CREATE TABLE withings_queue (id INTEGER PRIMARY KEY, received INTEGER NOT NULL, body TEXT NOT NULL)");
                Execute(writer, "PRAGMA application_id = 1465074763");
                Execute(writer, string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {StoreSchema.Version + 1}"));
                Execute(writer, $"INSERT INTO withings_queue (received, body) VALUES (1530576000000, '{Payloads.Weight(7, 1530576000)}')");
                File.Copy(source, StorePath);
                File.Copy(source + "-wal", StorePath + "-wal");
            }

            var file = await File.ReadAllBytesAsync(StorePath);
            var log = await File.ReadAllBytesAsync(StorePath + "-wal");
            log.Should().NotBeEmpty();
            var act = () => ReceiverHost.StartAsync(r => r.RecordInto(new RecordingHandler()), o => o.StorePath = StorePath);

            var error = (await act.Should().ThrowAsync<InvalidOperationException>()).Which;
            error.Message.Should().Contain(StorePath)
                .And.Contain(string.Create(CultureInfo.InvariantCulture, $"schema version {StoreSchema.Version + 1}"))
                .And.Contain(string.Create(CultureInfo.InvariantCulture, $"reads versions up to {StoreSchema.Version}"))
                .And.Contain("left untouched");
            (await File.ReadAllBytesAsync(StorePath)).Should().Equal(file);
            (await File.ReadAllBytesAsync(StorePath + "-wal")).Should().Equal(log);
        }
        finally
        {
            TestStore.Delete(source);
        }
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
