using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>
/// Users' state in tables of the receiver's store file: where it lives by default and when in memory instead, the
/// semantics of the context store, token pairs read back by a new process and never stored in clear, and the key ring
/// they are encrypted with.
/// </summary>
public sealed class StateStoreTests : TemporaryStoreTest
{
    private const long Alice = 7_100_001;
    private const long Bob = 7_100_002;

    private static readonly WithingsTokenPair AlicePair = new(Alice, "alice-access-token-3f9a", "alice-refresh-token-77c2", new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero), "user.metrics,user.activity");

    [Test]
    public void Default_WithTheDurableStore_KeepsStateInTheStoreFile()
    {
        using var services = Build();

        services.GetRequiredService<IWithingsTokenStore>().Should().BeOfType<SqliteTokenStore>();
        services.GetRequiredService<IWithingsUserContextStore>().Should().BeOfType<SqliteUserContextStore>();
    }

    [Test]
    public void UseInMemoryQueue_KeepsStateInMemory_AndNoFileIsCreated()
    {
        using (var services = Build(receiver: r => r.UseInMemoryQueue()))
        {
            services.GetRequiredService<IWithingsTokenStore>().Should().BeOfType<InMemoryWithingsTokenStore>();
            services.GetRequiredService<IWithingsUserContextStore>().Should().BeOfType<InMemoryUserContextStore>();
        }

        File.Exists(StorePath).Should().BeFalse();
    }

    [Test]
    public void UseInMemoryState_KeepsStateInMemory_BesideTheDurableQueue()
    {
        using var services = Build(receiver: r => r.UseInMemoryState());

        services.GetRequiredService<IWithingsTokenStore>().Should().BeOfType<InMemoryWithingsTokenStore>();
        services.GetRequiredService<IWithingsUserContextStore>().Should().BeOfType<InMemoryUserContextStore>();
        services.GetRequiredService<IWithingsNotificationQueue>().Should().BeOfType<DurableNotificationQueue>();
    }

    [Test]
    public void OwnStores_RegisteredBeforeAddReceiver_Win()
    {
        var tokens = new InMemoryWithingsTokenStore();
        var contexts = new InMemoryUserContextStore();
        using var services = Build(before: s => s.AddSingleton<IWithingsTokenStore>(tokens).AddSingleton<IWithingsUserContextStore>(contexts));

        services.GetRequiredService<IWithingsTokenStore>().Should().BeSameAs(tokens);
        services.GetRequiredService<IWithingsUserContextStore>().Should().BeSameAs(contexts);
    }

    [Test]
    public void OwnStores_RegisteredAfterAddReceiver_WinOverTheDefaultsAndOverUseInMemoryState()
    {
        var tokens = new InMemoryWithingsTokenStore();
        using var services = Build(receiver: r =>
        {
            r.UseInMemoryState();
            r.AddSync<Sync.RecordingDataHandler>().UseUserContextStore<OwnContexts>();
            r.Services.AddWithingsNotifications().UseTokenStore(_ => tokens);
        });

        services.GetRequiredService<IWithingsTokenStore>().Should().BeSameAs(tokens);
        services.GetRequiredService<IWithingsUserContextStore>().Should().BeOfType<OwnContexts>();
    }

    [Test]
    public async Task Contexts_CursorNeverMovesBack_ZoneIsReplaced_ForgetRemovesAllOfOneUser()
    {
        var early = new DateTimeOffset(2026, 3, 1, 8, 30, 15, TimeSpan.FromHours(1)).AddTicks(1234567);
        var late = early.AddMinutes(5);
        await using (var services = Build())
        {
            var store = services.GetRequiredService<IWithingsUserContextStore>();
            (await store.GetAsync(Alice, CancellationToken.None)).Should().BeEquivalentTo(new WithingsUserContext(Alice));
            await store.SaveTimeZoneAsync(Alice, "America/New_York", CancellationToken.None);
            await store.SaveTimeZoneAsync(Alice, "Europe/Paris", CancellationToken.None);
            await store.AdvanceCursorAsync(Alice, NotificationCategory.Weight, late, CancellationToken.None);
            await store.AdvanceCursorAsync(Alice, NotificationCategory.Weight, early, CancellationToken.None);
            await store.AdvanceCursorAsync(Alice, NotificationCategory.Sleep, early, CancellationToken.None);
            await store.AdvanceCursorAsync(Bob, NotificationCategory.Weight, early, CancellationToken.None);
            await store.SaveTimeZoneAsync(Bob, "Asia/Tokyo", CancellationToken.None);
            await store.ForgetAsync(Bob, CancellationToken.None);
        }

        // Read back by a new container on the same file, as after a restart.
        await using var restarted = Build();
        var contexts = restarted.GetRequiredService<IWithingsUserContextStore>();
        var alice = await contexts.GetAsync(Alice, CancellationToken.None);
        alice.TimeZone.Should().Be("Europe/Paris");
        alice.GetCursor(NotificationCategory.Weight).Should().Be(late, "a cursor never moves back");
        alice.GetCursor(NotificationCategory.Weight)!.Value.UtcTicks.Should().Be(late.UtcTicks, "the instant is kept to the tick");
        alice.GetCursor(NotificationCategory.Sleep).Should().Be(early);
        alice.Cursors.Should().HaveCount(2);
        (await contexts.GetAsync(Bob, CancellationToken.None)).Should().BeEquivalentTo(new WithingsUserContext(Bob), "forgetting removes the user's zone and every cursor");
    }

    [Test]
    public async Task Pairs_AreReadBackByANewProcess_ListedAndRemoved_AndNeverStoredInClear()
    {
        var bobPair = new WithingsTokenPair(Bob, "bob-access-token-81d0", "bob-refresh-token-c4e5", AlicePair.ExpiresAt.AddHours(1));
        await using (var services = Build())
        {
            var store = services.GetRequiredService<IWithingsTokenStore>();
            (await store.GetAsync(Alice, CancellationToken.None)).Should().BeNull();
            await store.SaveAsync(AlicePair with { }, CancellationToken.None);
            await store.SaveAsync(bobPair, CancellationToken.None);

            // Bytes on disk while the process runs: the pairs are committed to the write-ahead log.
            StoreBytes().Should().NotContainAny(Tokens(AlicePair, bobPair));
        }

        await using var restarted = Build();
        var tokens = (IWithingsUserTokenStore)restarted.GetRequiredService<IWithingsTokenStore>();
        (await tokens.GetAsync(Alice, CancellationToken.None)).Should().BeEquivalentTo(AlicePair);
        (await tokens.GetUserIdsAsync(CancellationToken.None)).Should().BeEquivalentTo([Alice, Bob]);
        await tokens.RemoveAsync(Bob, CancellationToken.None);
        (await tokens.GetAsync(Bob, CancellationToken.None)).Should().BeNull();
        (await tokens.GetUserIdsAsync(CancellationToken.None)).Should().Equal(Alice);
        StoreBytes().Should().NotContainAny(Tokens(AlicePair, bobPair));
    }

    [Test]
    public async Task WithoutAKeyRingOfTheApp_TheKeyRingIsKeptInTheStoreFile()
    {
        await using (var services = Build())
        {
            await services.GetRequiredService<IWithingsTokenStore>().SaveAsync(AlicePair, CancellationToken.None);
        }

        KeyRingRows().Should().Be(1, "Data Protection created one key, kept in the store");
    }

    [Test]
    public async Task WithAKeyRingOfTheApp_ItIsUsed_AndAPairFromAnotherKeyRingFailsLoudly()
    {
        var keys = Directory.CreateTempSubdirectory("withings-state-keys-");
        var otherKeys = Directory.CreateTempSubdirectory("withings-state-keys-");
        try
        {
            await using (var services = Build(before: s => s.AddDataProtection().SetApplicationName("state-tests").PersistKeysToFileSystem(keys)))
            {
                await services.GetRequiredService<IWithingsTokenStore>().SaveAsync(AlicePair, CancellationToken.None);
            }

            keys.GetFiles("key-*.xml").Should().HaveCount(1, "the application's key ring holds the key");
            KeyRingRows().Should().Be(0, "the store keeps no key ring of its own when the application has one");
            await using (var same = Build(before: s => s.AddDataProtection().SetApplicationName("state-tests").PersistKeysToFileSystem(keys)))
            {
                (await same.GetRequiredService<IWithingsTokenStore>().GetAsync(Alice, CancellationToken.None)).Should().BeEquivalentTo(AlicePair);
            }

            // Another key ring cannot decrypt the pair: an error that says so, never "no pair" (the user would be lost silently).
            await using var other = Build(before: s => s.AddDataProtection().SetApplicationName("state-tests").PersistKeysToFileSystem(otherKeys));
            var read = () => other.GetRequiredService<IWithingsTokenStore>().GetAsync(Alice, CancellationToken.None);
            var error = (await read.Should().ThrowAsync<InvalidOperationException>().WithMessage("*user 7100001 cannot be decrypted*key ring*")).Which;
            error.ToString().Should().NotContainAny(Tokens(AlicePair));
        }
        finally
        {
            keys.Delete(recursive: true);
            otherKeys.Delete(recursive: true);
        }
    }

    private static string[] Tokens(params WithingsTokenPair[] pairs) => [.. pairs.SelectMany(p => new[] { p.AccessToken, p.RefreshToken })];

    private ServiceProvider Build(Action<IServiceCollection>? before = null, Action<WithingsReceiverBuilder>? receiver = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        before?.Invoke(services);
        var builder = services.AddWithingsNotifications().AddReceiver(o =>
        {
            o.StorePath = StorePath;
            o.CallbackSecret = "state-tests-callback-secret";
        });
        receiver?.Invoke(builder);
        return services.BuildServiceProvider();
    }

    private string StoreBytes()
    {
        var text = new StringBuilder();
        foreach (var file in new[] { StorePath, StorePath + "-wal" }.Where(File.Exists))
        {
            // Latin-1 maps every byte to one char: a token stored as UTF-8 text shows up as itself.
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            text.Append(Encoding.Latin1.GetString(copy.ToArray()));
        }

        text.Length.Should().BeGreaterThan(0, "the store file exists");
        return text.ToString();
    }

    private long KeyRingRows()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = StorePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM withings_key_ring";
        return (long)command.ExecuteScalar()!;
    }

    private sealed class OwnContexts : IWithingsUserContextStore
    {
        private readonly InMemoryUserContextStore _inner = new();

        public ValueTask<WithingsUserContext> GetAsync(long userId, CancellationToken cancellationToken) => _inner.GetAsync(userId, cancellationToken);

        public ValueTask SaveTimeZoneAsync(long userId, string timeZone, CancellationToken cancellationToken) => _inner.SaveTimeZoneAsync(userId, timeZone, cancellationToken);

        public ValueTask AdvanceCursorAsync(long userId, NotificationCategory category, DateTimeOffset syncedUpTo, CancellationToken cancellationToken) => _inner.AdvanceCursorAsync(userId, category, syncedUpTo, cancellationToken);

        public ValueTask ForgetAsync(long userId, CancellationToken cancellationToken) => _inner.ForgetAsync(userId, cancellationToken);
    }
}
