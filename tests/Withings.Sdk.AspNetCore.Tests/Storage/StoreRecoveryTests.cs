using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>
/// A store left by a real process killed with SIGKILL, then damaged as a disk, a backup or an operator damages one:
/// the next start says what it recovered and what was lost, and refuses a state it would otherwise silently discard.
/// </summary>
[NonParallelizable]
public sealed partial class StoreRecoveryTests : TemporaryStoreTest
{
    private const string StoreCategory = "Withings.Sdk.AspNetCore.ReceiverStore";

    [Test]
    public async Task Start_AfterAKill_LogsTheRowsWaitingTheDeadLettersAndTheOldestInOneLine()
    {
        var before = DateTimeOffset.UtcNow;
        var acknowledged = await KillWithQueuedAsync(300, garbage: 3);
        var after = DateTimeOffset.UtcNow;

        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(new RecordingHandler()), o => o.StorePath = StorePath);
        var (queued, oldest, deadLetters) = Opened(host);

        queued.Should().Be(acknowledged.Count, "nothing was handled before the kill: the slow handler held every row");
        deadLetters.Should().Be(3);
        oldest.Should().NotBeNull();
        oldest!.Value.Should().BeOnOrAfter(before.AddMilliseconds(-1)).And.BeOnOrBefore(after);
    }

    [Test]
    public async Task Start_LogDamagedInTheMiddle_SaysSoAndHowManyRowsCameBack()
    {
        var acknowledged = await KillWithQueuedAsync(1000, garbage: 0);
        var log = StorePath + "-wal";
        var (frames, frameBytes) = Frames(log);
        frames.Should().BeGreaterThan(4, "every acknowledged notification is still in the log: no checkpoint ran");

        // A few bytes of one frame's page in the middle of the log change, as a bad sector or a stray write would.
        await using (var file = new FileStream(log, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = 32 + (frames / 2 * frameBytes) + 24 + 100;
            file.Write([0xde, 0xad, 0xbe, 0xef]);
        }

        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(new RecordingHandler()), o => o.StorePath = StorePath);
        var (queued, _, _) = Opened(host);
        var damaged = host.Logs.GetSnapshot().Where(r => r.Category == StoreCategory && r.Level == LogLevel.Warning).Should().ContainSingle().Subject;

        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"middle of the log damaged: {queued} of {acknowledged.Count} rows came back; {damaged.Message}"));
        queued.Should().BeLessThan(acknowledged.Count, "SQLite reads the log back only up to the damaged frame");
        damaged.Message.Should().Contain(log).And.Contain(string.Create(CultureInfo.InvariantCulture, $"frame {(frames / 2) + 1} of {frames} is damaged")).And.Contain("committed transactions after it are lost");
    }

    [Test]
    public async Task Start_LogHeaderDamaged_SaysTheWholeLogIsIgnored()
    {
        await KillWithQueuedAsync(200, garbage: 0);
        var log = StorePath + "-wal";
        var length = new FileInfo(log).Length;
        await using (var file = new FileStream(log, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Write(new byte[32]);
        }

        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(new RecordingHandler()), o => o.StorePath = StorePath);
        var (queued, _, _) = Opened(host);

        queued.Should().Be(0, "the rows were only in the log, which SQLite ignores");
        host.Logs.GetSnapshot().Should().ContainSingle(r => r.Category == StoreCategory && r.Level == LogLevel.Warning)
            .Which.Message.Should().Contain(string.Create(CultureInfo.InvariantCulture, $"its header is damaged: SQLite ignores the {length - 32} bytes after it"));
    }

    [Test]
    public async Task Start_KilledCleanly_ReportsNoDamage()
    {
        var acknowledged = await KillWithQueuedAsync(300, garbage: 0);

        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(new RecordingHandler()), o => o.StorePath = StorePath);

        Opened(host).Queued.Should().Be(acknowledged.Count);
        host.Logs.GetSnapshot().Should().NotContain(r => r.Category == StoreCategory && r.Level >= LogLevel.Warning, "a log cut by a kill is not damaged");
    }

    [Test]
    public async Task Start_EmptyStoreFileBesideANonEmptyLog_RefusesNamingThePathAndTheOption_AndChangesNothing()
    {
        await KillWithQueuedAsync(1000, garbage: 0);
        var log = StorePath + "-wal";

        // The state a restore of the store file alone, or a truncation, leaves: the notifications are in the log only.
        await File.WriteAllBytesAsync(StorePath, []);
        var logBytes = await File.ReadAllBytesAsync(log);
        logBytes.Should().NotBeEmpty();

        var act = () => ReceiverHost.StartAsync(r => r.RecordInto(new RecordingHandler()), o => o.StorePath = StorePath);

        var error = (await act.Should().ThrowAsync<InvalidOperationException>()).Which;
        error.Message.Should().Contain(StorePath).And.Contain(log).And.Contain("Withings:Receiver:StoreRecovery").And.Contain("left untouched");
        new FileInfo(StorePath).Length.Should().Be(0);
        (await File.ReadAllBytesAsync(log)).Should().Equal(logBytes);

        // Without the store file at all, the same.
        File.Delete(StorePath);
        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("Withings:Receiver:StoreRecovery");
        File.Exists(StorePath).Should().BeFalse();
        (await File.ReadAllBytesAsync(log)).Should().Equal(logBytes);
    }

    [Test]
    public async Task Start_EmptyStoreFileBesideALog_WithStartEmpty_RenamesThemAsideAndStarts()
    {
        await KillWithQueuedAsync(200, garbage: 0);
        var log = StorePath + "-wal";
        await File.WriteAllBytesAsync(StorePath, []);
        var logBytes = await File.ReadAllBytesAsync(log);
        var handler = new RecordingHandler();
        try
        {
            await using var host = await ReceiverHost.StartAsync(
                r => r.RecordInto(handler),
                o =>
                {
                    o.StorePath = StorePath;
                    o.StoreRecovery = WithingsStoreRecovery.StartEmpty;
                });

            var moved = host.Logs.GetSnapshot().Should().ContainSingle(r => r.Category == StoreCategory && r.Level == LogLevel.Warning).Subject;
            var target = MovedTo().Match(moved.Message).Groups[1].Value;
            target.Should().StartWith(StorePath + ".damaged-");
            (await File.ReadAllBytesAsync(target + "-wal")).Should().Equal(logBytes, "the log is kept, renamed, for whoever can recover it");
            new FileInfo(target).Length.Should().Be(0);
            Opened(host).Queued.Should().Be(0);
            using var response = await host.PostAsync(Payloads.SeedExample);
            response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
            (await handler.NextAsync()).Notification.UserId.Should().Be(12345);
        }
        finally
        {
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(StorePath)!, Path.GetFileName(StorePath) + ".damaged-*"))
            {
                File.Delete(file);
            }
        }
    }

    [TestCase("StartEmpty", WithingsStoreRecovery.StartEmpty)]
    [TestCase("Refuse", WithingsStoreRecovery.Refuse)]
    public void StoreRecovery_FromConfiguration_IsBound(string value, WithingsStoreRecovery expected)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Withings:Receiver:StoreRecovery"] = value, ["Withings:Receiver:AllowAnySender"] = "true" })
            .Build());
        services.AddWithingsNotifications().AddReceiver();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOptions<WithingsReceiverOptions>>().Value.StoreRecovery.Should().Be(expected);
    }

    [Test]
    public async Task Start_StoreRecoveryOutOfRange_FailsNamingTheSetting()
    {
        string? storePath = null;
        var app = ReceiverHost.Build(r => r.RecordInto(new RecordingHandler()), o =>
        {
            o.StoreRecovery = (WithingsStoreRecovery)7;
            storePath = o.StorePath;
        });
        await using var _ = app;

        var start = () => app.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("StoreRecovery");
        storePath.Should().NotBeNull();
        File.Exists(storePath).Should().BeFalse("the settings are checked before the store is opened");
    }

    /// <summary>
    /// A child receiver on the store whose handler never finishes acknowledges <paramref name="count"/> notifications and
    /// <paramref name="garbage"/> unparseable bodies (stored as dead letters), then is killed with SIGKILL.
    /// </summary>
    private async Task<HashSet<long>> KillWithQueuedAsync(int count, int garbage)
    {
        await using var child = await ChildReceiver.StartAsync(StorePath, handlerDelayMs: 600_000, handlers: 1);

        // The garbage first: it is dead-lettered without a handler, but only once a handler slot is free.
        if (garbage > 0)
        {
            using var client = new HttpClient { BaseAddress = child.Address };
            for (var i = 0; i < garbage; i++)
            {
                using var content = new StringContent(Payloads.Garbage + "&n=" + i.ToString(CultureInfo.InvariantCulture), Encoding.UTF8, "application/x-www-form-urlencoded");
                using var response = await client.PostAsync(new Uri("/withings/notify?secret=" + ChildReceiver.Secret, UriKind.Relative), content);
            }

            // Polled: the dead letters are stored in the background after their 200.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (child.DeadLettered < garbage && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            child.DeadLettered.Should().Be(garbage);
        }

        var acknowledged = await CrashTests.PostAsync(child.Address, Enumerable.Range(1, count).Select(i => 3_000_000L + i), concurrency: 16, stopAfter: null);
        acknowledged.Should().HaveCount(count);
        await child.KillAsync();
        return acknowledged;
    }

    private static (int Queued, DateTimeOffset? Oldest, int DeadLetters) Opened(ReceiverHost host)
    {
        var line = host.Logs.GetSnapshot().Where(r => r.Category == StoreCategory && r.Message.Contains("opened", StringComparison.Ordinal)).Should().ContainSingle().Subject;
        var match = OpenedLine().Match(line.Message);
        match.Success.Should().BeTrue(line.Message);
        DateTimeOffset? oldest = match.Groups[2].Value == "none" ? null : DateTimeOffset.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        return (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), oldest, int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
    }

    private static (int Frames, int FrameBytes) Frames(string log)
    {
        var header = new byte[32];
        using var file = File.OpenRead(log);
        file.ReadExactly(header);
        var frameBytes = 24 + (int)BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(8));
        return ((int)((file.Length - 32) / frameBytes), frameBytes);
    }

    [GeneratedRegex(@"(\d+) acknowledged notifications to handle again \(oldest received (\S+)\), (\d+) dead letters")]
    private static partial Regex OpenedLine();

    [GeneratedRegex(@"was renamed to (\S+),")]
    private static partial Regex MovedTo();
}
