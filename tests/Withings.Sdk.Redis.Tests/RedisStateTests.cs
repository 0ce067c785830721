using System.Text;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Withings.Sdk.AspNetCore;
using Withings.Sdk.TestSupport;

namespace Withings.Sdk.Redis.Tests;

/// <summary>
/// Users' state in Redis with <c>UseRedis</c>, on a real redis-server: the default stores whatever the order of the
/// calls, stores of the application's own still winning, the context store's semantics across instances, and token
/// pairs read by another instance, never stored in clear, with their key ring in Redis.
/// </summary>
[NonParallelizable]
internal sealed class RedisStateTests : RedisFixture
{
    private const long Alice = 8_200_001;
    private const long Bob = 8_200_002;

    private static readonly WithingsTokenPair AlicePair = new(Alice, "alice-redis-access-5be1", "alice-redis-refresh-09fd", new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero), "user.metrics");

    [TestCase(true)]
    [TestCase(false)]
    public async Task UseRedis_BeforeOrAfterAddReceiver_MakesRedisTheDefaultStateStore(bool redisFirst)
    {
        await using var services = Build(NewPrefix(), redisFirst: redisFirst);

        services.GetRequiredService<IWithingsTokenStore>().Should().BeOfType<RedisTokenStore>();
        services.GetRequiredService<IWithingsUserContextStore>().Should().BeOfType<RedisUserContextStore>();
    }

    [Test]
    public async Task UseRedis_WithoutTheReceiver_KeepsPairsInRedis()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWithingsNotifications().UseRedis(Redis.Endpoint, configure: o => o.KeyPrefix = NewPrefix());
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IWithingsTokenStore>().Should().BeOfType<RedisTokenStore>("an application that only authorizes users writes the pairs the receivers read");
    }

    [Test]
    public async Task WithoutTheStateFeature_StateStaysInTheStoreFile()
    {
        var store = TestTemp.NewStorePath();
        try
        {
            await using var services = Build(NewPrefix(), features: WithingsRedisFeatures.All & ~WithingsRedisFeatures.State, storePath: store);

            services.GetRequiredService<IWithingsTokenStore>().GetType().Name.Should().Be("SqliteTokenStore");
        }
        finally
        {
            TestTemp.DeleteStore(store);
        }
    }

    [Test]
    public async Task OwnStores_AndUseInMemoryState_WinOverRedis()
    {
        var tokens = new InMemoryWithingsTokenStore();
        await using (var own = Build(NewPrefix(), before: s => s.AddSingleton<IWithingsTokenStore>(tokens)))
        {
            own.GetRequiredService<IWithingsTokenStore>().Should().BeSameAs(tokens);
        }

        await using var inMemory = Build(NewPrefix(), receiver: r => r.UseInMemoryState());
        inMemory.GetRequiredService<IWithingsTokenStore>().Should().BeOfType<InMemoryWithingsTokenStore>();
        inMemory.GetRequiredService<IWithingsUserContextStore>().Should().BeOfType<InMemoryUserContextStore>();
    }

    [Test]
    public async Task Contexts_AreSharedByInstances_CursorNeverMovesBack_ForgetRemovesAllOfOneUser()
    {
        var prefix = NewPrefix();
        var early = new DateTimeOffset(2026, 3, 1, 8, 30, 15, TimeSpan.FromHours(1)).AddTicks(1234567);
        var late = early.AddMinutes(5);
        await using (var first = Build(prefix))
        await using (var second = Build(prefix))
        {
            var one = first.GetRequiredService<IWithingsUserContextStore>();
            var two = second.GetRequiredService<IWithingsUserContextStore>();
            await one.SaveTimeZoneAsync(Alice, "Europe/Paris", CancellationToken.None);
            await one.AdvanceCursorAsync(Alice, NotificationCategory.Weight, late, CancellationToken.None);
            await two.AdvanceCursorAsync(Alice, NotificationCategory.Weight, early, CancellationToken.None);
            await two.AdvanceCursorAsync(Alice, NotificationCategory.Sleep, early, CancellationToken.None);
            await two.SaveTimeZoneAsync(Bob, "Asia/Tokyo", CancellationToken.None);
            await two.AdvanceCursorAsync(Bob, NotificationCategory.Weight, late, CancellationToken.None);
            await one.ForgetAsync(Bob, CancellationToken.None);
        }

        await using var restarted = Build(prefix);
        var contexts = restarted.GetRequiredService<IWithingsUserContextStore>();
        var alice = await contexts.GetAsync(Alice, CancellationToken.None);
        alice.TimeZone.Should().Be("Europe/Paris");
        alice.GetCursor(NotificationCategory.Weight)!.Value.UtcTicks.Should().Be(late.UtcTicks, "a cursor never moves back, whichever instance wrote last");
        alice.GetCursor(NotificationCategory.Sleep).Should().Be(early);
        alice.Cursors.Should().HaveCount(2);
        (await contexts.GetAsync(Bob, CancellationToken.None)).Should().BeEquivalentTo(new WithingsUserContext(Bob));
    }

    [Test]
    public async Task Pairs_AreReadByAnotherInstance_NeverStoredInClear_WithTheKeyRingInRedis()
    {
        var prefix = NewPrefix();
        var bobPair = new WithingsTokenPair(Bob, "bob-redis-access-61aa", "bob-redis-refresh-e2c7", AlicePair.ExpiresAt);
        await using (var first = Build(prefix))
        {
            var store = first.GetRequiredService<IWithingsTokenStore>();
            await store.SaveAsync(AlicePair, CancellationToken.None);
            await store.SaveAsync(bobPair, CancellationToken.None);
        }

        await using var second = Build(prefix);
        var tokens = (IWithingsUserTokenStore)second.GetRequiredService<IWithingsTokenStore>();
        (await tokens.GetAsync(Alice, CancellationToken.None)).Should().BeEquivalentTo(AlicePair);
        (await tokens.GetUserIdsAsync(CancellationToken.None)).Should().BeEquivalentTo([Alice, Bob]);
        await tokens.RemoveAsync(Bob, CancellationToken.None);
        (await tokens.GetAsync(Bob, CancellationToken.None)).Should().BeNull();

        (await Database.ListLengthAsync($"{{{prefix}}}:dataprotection-keys")).Should().Be(1, "the one key Data Protection created is kept in Redis");
        var everything = await EverythingUnderAsync(prefix);
        everything.Should().Contain("<key ", "the key ring was read").And.NotContainAny(AlicePair.AccessToken, AlicePair.RefreshToken, bobPair.AccessToken, bobPair.RefreshToken);
    }

    private ServiceProvider Build(string prefix, bool redisFirst = true, WithingsRedisFeatures features = WithingsRedisFeatures.All, string? storePath = null, Action<IServiceCollection>? before = null, Action<WithingsReceiverBuilder>? receiver = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        before?.Invoke(services);
        var withings = services.AddWithingsNotifications();
        if (redisFirst)
        {
            withings.UseRedis(Redis.Endpoint, features, o => o.KeyPrefix = prefix);
        }

        var builder = withings.AddReceiver(o =>
        {
            o.CallbackSecret = "redis-state-tests-secret";
            o.StorePath = storePath ?? Path.Combine(TestTemp.Root, "never-created.db");
        });
        if (!redisFirst)
        {
            withings.UseRedis(Redis.Endpoint, features, o => o.KeyPrefix = prefix);
        }

        receiver?.Invoke(builder);
        return services.BuildServiceProvider();
    }

    // Every value under the prefix, as Latin-1 text: a token stored as UTF-8 would show up as itself.
    private async Task<string> EverythingUnderAsync(string prefix)
    {
        var text = new StringBuilder();
        foreach (var key in Connection.GetServer(Redis.Endpoint).Keys(pattern: $"{{{prefix}}}*"))
        {
            var type = await Database.KeyTypeAsync(key);
            IEnumerable<RedisValue> values = type switch
            {
                RedisType.Hash => (await Database.HashGetAllAsync(key)).SelectMany(e => new[] { e.Name, e.Value }),
                RedisType.List => await Database.ListRangeAsync(key),
                RedisType.String => [await Database.StringGetAsync(key)],
                _ => [],
            };
            foreach (var value in values)
            {
                text.Append(Encoding.Latin1.GetString((byte[])value!));
            }
        }

        return text.ToString();
    }
}
