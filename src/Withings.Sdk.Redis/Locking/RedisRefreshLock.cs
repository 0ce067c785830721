using System.Globalization;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Withings.Sdk.Redis;

/// <summary>
/// The per-user refresh lock of every instance: <c>SET key token NX PX ttl</c>, waited for by polling, released by a
/// script that deletes the key only while it still holds this holder's token. A holder that dies releases it by
/// expiry after <see cref="WithingsRedisOptions.RefreshLockTimeToLive"/>.
/// </summary>
internal sealed class RedisRefreshLock(RedisConnection connection, TimeProvider timeProvider, ILogger<RedisRefreshLock> logger) : IWithingsRefreshLock
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);

    private static readonly LuaScript Release = LuaScript.Prepare("""
        if redis.call('GET', @key) == @token then return redis.call('DEL', @key) end
        return 0
        """);

    public async ValueTask<IAsyncDisposable> AcquireAsync(long userId, CancellationToken cancellationToken)
    {
        var key = connection.Keys.RefreshLockPrefix + userId.ToString(CultureInfo.InvariantCulture);
        var token = Guid.NewGuid().ToString("N");
        long? outageSince = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var database = await connection.DatabaseAsync().ConfigureAwait(false);
                if (await database.StringSetAsync(key, token, connection.Options.RefreshLockTimeToLive, When.NotExists).ConfigureAwait(false))
                {
                    return new Held(database, key, token);
                }

                outageSince = null;
            }
            catch (RedisException exception)
            {
                // Refreshing without the lock could let two instances rotate one pair: wait, then fail typed.
                outageSince ??= timeProvider.GetTimestamp();
                if (timeProvider.GetElapsedTime(outageSince.Value) >= connection.Options.OutageWait)
                {
                    throw new WithingsRedisUnavailableException(
                        "The token was not refreshed: the refresh lock could not be taken, Redis was unreachable for longer than Withings:Redis:OutageWait. Try again once Redis is back.",
                        exception);
                }

                RedisLog.WaitingForRedis(logger, exception, connection.Options.OutageWait);
            }

            await Task.Delay(RetryDelay, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class Held(IDatabase database, string key, string token) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await database.ScriptEvaluateAsync(Release, new { key = (RedisKey)key, token }).ConfigureAwait(false);
            }
            catch (RedisException)
            {
                // The lock expires on its own.
            }
        }
    }
}
