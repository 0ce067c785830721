using System.Globalization;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using StackExchange.Redis;

namespace Withings.Sdk.Redis;

/// <summary>
/// Every instance's token pairs in Redis, in one hash by user id, each pair encrypted with ASP.NET Core Data
/// Protection (<see cref="TokenProtection"/>). Without a key ring of the application's own, the key ring is kept in
/// Redis too, by ASP.NET Core's <see cref="RedisXmlRepository"/>, so that every instance reads what another wrote.
/// Registered by <c>UseRedis</c> as the default token store.
/// </summary>
internal sealed class RedisTokenStore : IWithingsUserTokenStore, IDisposable
{
    private readonly RedisConnection _connection;
    private readonly TokenProtection _protection;

    public RedisTokenStore(RedisConnection connection, IServiceProvider services)
    {
        _connection = connection;
        _protection = new TokenProtection(services, () => new RedisXmlRepository(connection.Database, connection.Keys.KeyRing), "the Redis key " + connection.Keys.KeyRing);
    }

    public async Task<WithingsTokenPair?> GetAsync(long userId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        var stored = await database.HashGetAsync(_connection.Keys.TokenPairs, Field(userId)).ConfigureAwait(false);
        return stored.IsNull ? null : _protection.Unprotect(userId, (byte[])stored!);
    }

    public async Task SaveAsync(WithingsTokenPair tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var protectedPair = _protection.Protect(tokens);
        cancellationToken.ThrowIfCancellationRequested();
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        await database.HashSetAsync(_connection.Keys.TokenPairs, Field(tokens.UserId), protectedPair).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<long>> GetUserIdsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        var fields = await database.HashKeysAsync(_connection.Keys.TokenPairs).ConfigureAwait(false);
        return [.. fields.Select(f => long.Parse((string)f!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))];
    }

    public async Task RemoveAsync(long userId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        await database.HashDeleteAsync(_connection.Keys.TokenPairs, Field(userId)).ConfigureAwait(false);
    }

    public void Dispose() => _protection.Dispose();

    private static RedisValue Field(long userId) => userId.ToString(CultureInfo.InvariantCulture);
}
