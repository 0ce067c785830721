using StackExchange.Redis;

namespace Withings.Sdk.Redis.Tests;

/// <summary>One redis-server per test class; each test writes under a key prefix of its own.</summary>
internal abstract class RedisFixture
{
    protected RedisServer Redis { get; private set; } = null!;

    protected ConnectionMultiplexer Connection { get; private set; } = null!;

    protected IDatabase Database => Connection.GetDatabase();

    protected static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    [OneTimeSetUp]
    public async Task StartRedisAsync()
    {
        Redis = await RedisServer.StartAsync();
        Connection = await ConnectionMultiplexer.ConnectAsync(Redis.Endpoint + ",abortConnect=false");
    }

    [OneTimeTearDown]
    public async Task StopRedisAsync()
    {
        await Connection.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
