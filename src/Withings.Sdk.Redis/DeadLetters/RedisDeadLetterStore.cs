using System.Globalization;
using StackExchange.Redis;
using Withings.Sdk.AspNetCore;

namespace Withings.Sdk.Redis;

/// <summary>
/// The dead letters of every instance, in a Redis stream of their own next to the queue: list them, replay them
/// (back into the shared queue, to be handled again) or purge them. Registered by <c>UseRedis</c> as the receiver's
/// dead-letter sink and as its <see cref="IWithingsDeadLetterStore"/>, so code written for the durable store's dead
/// letters works unchanged.
/// </summary>
public sealed class RedisDeadLetterStore : IWithingsDeadLetterSink, IWithingsDeadLetterStore
{
    // The entry id is the dead letter's number ("n-0"): one lookup by id, and numbers are never reused.
    private static readonly LuaScript Append = LuaScript.Prepare("""
        local id = redis.call('INCR', @ids)
        redis.call('XADD', @letters, id .. '-0', 'reason', @reason, 'b', @body, 'error', @error, 'attempts', @attempts, 'r', @received, 'at', @at)
        return id
        """);

    private readonly RedisConnection _connection;
    private readonly RedisNotificationQueue? _queue;
    private readonly TimeProvider _timeProvider;

    internal RedisDeadLetterStore(RedisConnection connection, RedisNotificationQueue? queue, TimeProvider timeProvider)
    {
        _connection = connection;
        _queue = queue;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc/>
    public async ValueTask WriteAsync(WithingsDeadLetter deadLetter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        await database.ScriptEvaluateAsync(Append, new
        {
            ids = (RedisKey)_connection.Keys.DeadLetterIds,
            letters = (RedisKey)_connection.Keys.DeadLetters,
            reason = (int)deadLetter.Reason,
            body = deadLetter.Body,
            error = deadLetter.Error,
            attempts = deadLetter.Attempts,
            received = deadLetter.ReceivedAt.ToUnixTimeMilliseconds(),
            at = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        }).ConfigureAwait(false);
    }

    /// <summary>Lists the stored dead letters, oldest first.</summary>
    /// <param name="cancellationToken">Cancels the wait for Redis.</param>
    /// <returns>The dead letters.</returns>
    public async ValueTask<IReadOnlyList<WithingsStoredDeadLetter>> ListAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        var entries = await database.StreamRangeAsync(_connection.Keys.DeadLetters).ConfigureAwait(false);
        return entries.Select(ToDeadLetter).ToList();
    }

    /// <summary>
    /// Moves dead letters back into the shared queue, to be handled again, as far as the queue has room; those moved
    /// are no longer dead letters.
    /// </summary>
    /// <param name="id">One dead letter's <see cref="WithingsStoredDeadLetter.Id"/>, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Stops between two dead letters.</param>
    /// <returns>How many were moved back.</returns>
    /// <exception cref="InvalidOperationException">The Redis queue is not registered (<c>UseRedis</c> without the queue).</exception>
    public async ValueTask<int> ReplayAsync(long? id, CancellationToken cancellationToken)
    {
        var queue = _queue ?? throw new InvalidOperationException("Replaying needs the Redis queue: register it with UseRedis (WithingsRedisFeatures.Queue).");
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        var replayed = 0;
        foreach (var entry in await RangeAsync(database, id).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var letter = ToDeadLetter(entry);
            if (!await queue.AppendAsync(letter.Body, letter.ReceivedAt).ConfigureAwait(false))
            {
                break;
            }

            // Appended first, deleted second: a failure in between leaves a copy behind, never loses one.
            await database.StreamDeleteAsync(_connection.Keys.DeadLetters, [entry.Id]).ConfigureAwait(false);
            replayed++;
        }

        return replayed;
    }

    /// <summary>Deletes dead letters for good.</summary>
    /// <param name="id">One dead letter's <see cref="WithingsStoredDeadLetter.Id"/>, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the wait for Redis.</param>
    /// <returns>How many were deleted.</returns>
    public async ValueTask<int> PurgeAsync(long? id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        var ids = (await RangeAsync(database, id).ConfigureAwait(false)).Select(e => e.Id).ToArray();
        return ids.Length == 0 ? 0 : (int)await database.StreamDeleteAsync(_connection.Keys.DeadLetters, ids).ConfigureAwait(false);
    }

    private async Task<StreamEntry[]> RangeAsync(IDatabase database, long? id)
    {
        if (id is { } one)
        {
            var entryId = one.ToString(CultureInfo.InvariantCulture) + "-0";
            return await database.StreamRangeAsync(_connection.Keys.DeadLetters, entryId, entryId).ConfigureAwait(false);
        }

        return await database.StreamRangeAsync(_connection.Keys.DeadLetters).ConfigureAwait(false);
    }

    private static WithingsStoredDeadLetter ToDeadLetter(StreamEntry entry)
    {
        var id = long.Parse(entry.Id.ToString().Split('-')[0], CultureInfo.InvariantCulture);
        return new WithingsStoredDeadLetter(
            id,
            (WithingsDeadLetterReason)(int)entry["reason"],
            (string?)entry["b"] ?? string.Empty,
            (string?)entry["error"] ?? string.Empty,
            (int)entry["attempts"],
            DateTimeOffset.FromUnixTimeMilliseconds((long)entry["r"]),
            DateTimeOffset.FromUnixTimeMilliseconds((long)entry["at"]));
    }
}
