using StackExchange.Redis;
using Withings.Sdk.AspNetCore;

namespace Withings.Sdk.Redis;

/// <summary>
/// The duplicate filter of every instance: one <c>SET key 1 NX PX ttl</c> per notification, atomic, so that of two
/// instances receiving the same retry at once exactly one hands it over. Released when the hand-over failed.
/// </summary>
internal sealed class RedisDuplicateFilter(RedisConnection connection, Microsoft.Extensions.Options.IOptions<WithingsReceiverOptions> options) : IDuplicateFilter
{
    private readonly TimeSpan _timeToLive = options.Value.DuplicateTimeToLive;

    public async ValueTask<bool> TryReserveAsync(string key, CancellationToken cancellationToken)
    {
        var database = await connection.DatabaseAsync().ConfigureAwait(false);
        return await database.StringSetAsync(connection.Keys.DuplicatePrefix + key, 1, _timeToLive, When.NotExists).ConfigureAwait(false);
    }

    public async ValueTask ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        var database = await connection.DatabaseAsync().ConfigureAwait(false);
        await database.KeyDeleteAsync(connection.Keys.DuplicatePrefix + key).ConfigureAwait(false);
    }
}
