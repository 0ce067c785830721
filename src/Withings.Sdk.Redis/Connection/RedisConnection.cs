using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Withings.Sdk.Redis;

/// <summary>
/// The one connection of the process to Redis, opened on first use. It never fails to open: while Redis is down,
/// commands fail at once (rather than queueing in memory) and the connection keeps retrying in the background.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _multiplexer;

    public RedisConnection(IOptions<WithingsRedisOptions> options)
    {
        var settings = options.Value;
        Keys = new RedisKeys(settings.KeyPrefix);
        Options = settings;
        var configuration = ConfigurationOptions.Parse(settings.ConnectionString ?? string.Empty);
        configuration.AbortOnConnectFail = false;

        // A command sent while Redis is down must fail now: the endpoint then answers 503 instead of holding the
        // request, and never answers 200 for a notification that only sits in this process' memory.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ReconnectRetryPolicy = new LinearRetry(500);
        configuration.ClientName ??= "withings-sdk";
        _multiplexer = new(() => ConnectionMultiplexer.ConnectAsync(configuration), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public RedisKeys Keys { get; }

    public WithingsRedisOptions Options { get; }

    public async ValueTask<IDatabase> DatabaseAsync() =>
        (await _multiplexer.Value.ConfigureAwait(false)).GetDatabase();

    /// <summary>The database, for callers that must be synchronous (Data Protection's key ring repository).</summary>
    public IDatabase Database()
    {
#pragma warning disable VSTHRD002 // Connecting never waits for Redis (AbortOnConnectFail is off): the task completes at once.
        return _multiplexer.Value.GetAwaiter().GetResult().GetDatabase();
#pragma warning restore VSTHRD002
    }

    public async ValueTask<bool> IsConnectedAsync() =>
        (await _multiplexer.Value.ConfigureAwait(false)).IsConnected;

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer.IsValueCreated)
        {
            await (await _multiplexer.Value.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }
    }
}
