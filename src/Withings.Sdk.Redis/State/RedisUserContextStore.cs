using System.Collections.Immutable;
using System.Globalization;
using StackExchange.Redis;

namespace Withings.Sdk.Redis;

/// <summary>
/// The sync engine's time zones and cursors in Redis, shared by every instance: one hash per user, the zone in field
/// <c>tz</c>, each category's cursor in field <c>c:APPLI</c> as the instant's UTC ticks (19 digits, so that Redis can
/// compare them as text). Registered by <c>UseRedis</c> as the receiver's default context store.
/// </summary>
internal sealed class RedisUserContextStore(RedisConnection connection) : IWithingsUserContextStore
{
    private const string ZoneField = "tz";
    private const string CursorPrefix = "c:";

    // A cursor never moves back, whichever instance writes last: compared and set in one step.
    private static readonly LuaScript Advance = LuaScript.Prepare("""
        local current = redis.call('HGET', @key, @field)
        if not current or current < @at then redis.call('HSET', @key, @field, @at) end
        return 0
        """);

    public async ValueTask<WithingsUserContext> GetAsync(long userId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var database = await connection.DatabaseAsync().ConfigureAwait(false);
        var fields = await database.HashGetAllAsync(Key(userId)).ConfigureAwait(false);
        string? zone = null;
        var cursors = ImmutableDictionary.CreateBuilder<NotificationCategory, DateTimeOffset>();
        foreach (var field in fields)
        {
            var name = (string)field.Name!;
            if (name == ZoneField)
            {
                zone = field.Value;
            }
            else if (name.StartsWith(CursorPrefix, StringComparison.Ordinal))
            {
                var category = (NotificationCategory)int.Parse(name.AsSpan(CursorPrefix.Length), NumberStyles.Integer, CultureInfo.InvariantCulture);
                cursors[category] = new DateTimeOffset(long.Parse((string)field.Value!, NumberStyles.None, CultureInfo.InvariantCulture), TimeSpan.Zero);
            }
        }

        return new WithingsUserContext(userId) { TimeZone = zone, Cursors = cursors.ToImmutable() };
    }

    public async ValueTask SaveTimeZoneAsync(long userId, string timeZone, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(timeZone);
        cancellationToken.ThrowIfCancellationRequested();
        var database = await connection.DatabaseAsync().ConfigureAwait(false);
        await database.HashSetAsync(Key(userId), ZoneField, timeZone).ConfigureAwait(false);
    }

    public async ValueTask AdvanceCursorAsync(long userId, NotificationCategory category, DateTimeOffset syncedUpTo, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var database = await connection.DatabaseAsync().ConfigureAwait(false);
        await database.ScriptEvaluateAsync(Advance, new
        {
            key = (RedisKey)Key(userId),
            field = CursorPrefix + ((int)category).ToString(CultureInfo.InvariantCulture),
            at = syncedUpTo.UtcTicks.ToString("D19", CultureInfo.InvariantCulture),
        }).ConfigureAwait(false);
    }

    public async ValueTask ForgetAsync(long userId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var database = await connection.DatabaseAsync().ConfigureAwait(false);
        await database.KeyDeleteAsync(Key(userId)).ConfigureAwait(false);
    }

    private string Key(long userId) => connection.Keys.UserStatePrefix + userId.ToString(CultureInfo.InvariantCulture);
}
