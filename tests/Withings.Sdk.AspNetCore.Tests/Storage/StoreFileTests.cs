using Microsoft.Data.Sqlite;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>A store file that cannot be used stops the start with an error naming the setting, and is left untouched.</summary>
public sealed class StoreFileTests : TemporaryStoreTest
{
    [Test]
    public async Task Start_StorePathUnderAFile_FailsNamingTheSetting()
    {
        await File.WriteAllTextAsync(StorePath, "a file, not a folder");
        var act = () => ReceiverHost.StartAsync(r => r.RecordInto(new RecordingHandler()), o => o.StorePath = Path.Combine(StorePath, "store.db"));

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("Withings:Receiver:StorePath");
    }

    [Test]
    public async Task Start_FileThatIsNotSqlite_FailsAndLeavesTheFileUntouched()
    {
        var content = "userid=12345&appli=1&startdate=1530576000&enddate=1530698753\n"u8.ToArray();
        await File.WriteAllBytesAsync(StorePath, content);
        var act = () => ReceiverHost.StartAsync(r => r.RecordInto(new RecordingHandler()), o => o.StorePath = StorePath);

        var error = (await act.Should().ThrowAsync<InvalidOperationException>()).Which;
        error.Message.Should().Contain("Withings:Receiver:StorePath").And.Contain("left untouched");
        (await File.ReadAllBytesAsync(StorePath)).Should().Equal(content);
    }

    [Test]
    public async Task Start_AnotherApplicationsDatabase_FailsAndLeavesItUntouched()
    {
        using (var connection = new SqliteConnection($"Data Source={StorePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (12.5)";
            command.ExecuteNonQuery();
        }

        var before = await File.ReadAllBytesAsync(StorePath);
        var act = () => ReceiverHost.StartAsync(r => r.RecordInto(new RecordingHandler()), o => o.StorePath = StorePath);

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("another application's SQLite database");
        (await File.ReadAllBytesAsync(StorePath)).Should().Equal(before);
        File.Exists(StorePath + "-wal").Should().BeFalse();
    }

    [Test]
    public async Task Start_EmptyFile_BecomesAStore()
    {
        await File.WriteAllBytesAsync(StorePath, []);
        var handler = new RecordingHandler();
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(handler), o => o.StorePath = StorePath);
        using var response = await host.PostAsync(Payloads.SeedExample);

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        (await handler.NextAsync()).Notification.UserId.Should().Be(12345);
    }
}
