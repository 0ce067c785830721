using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Withings.Sdk.Redis;

/// <summary>
/// The receiver store on Redis, shared by every instance: the queue is a stream, each duplicate key a string with its
/// time to live, the dead letters a stream of their own. The endpoint's <c>200</c> waits for one script that checks the
/// duplicate key and the limits and appends (<c>XADD</c>), so that of two instances receiving the same retry exactly one
/// appends it; handlers read with one consumer group (each entry goes to one instance), acknowledge and delete each
/// entry once completed, and a dead letter is moved from the queue by one script. Entries read by an instance that died or stopped are taken over once its heartbeat is seen
/// stopped (<see cref="ConsumerHeartbeat"/>), never because of idle time alone, so a live instance's slow handler
/// keeps what it holds; an entry handed out more than <see cref="WithingsRedisOptions.MaxDeliveries"/> times goes to
/// the dead letters instead. Full means refusing (<c>503</c>), never trimming: the limits count the entries waiting
/// or in hand, and their bytes.
/// </summary>
internal sealed class RedisReceiverStore : IWithingsReceiverStore, IDisposable, IAsyncDisposable
{
    private const string Backend = "redis";
    private const string BodyField = "b";
    private const string ReceivedField = "r";

    // Checks the duplicate key and both limits and appends in one step, so that two instances cannot both append the
    // same retry nor both take the last place. Returns the new length, -1 for a duplicate, -2 - length when full.
    private static readonly LuaScript Accept = LuaScript.Prepare("""
        if @key ~= '' and redis.call('EXISTS', @key) == 1 then return -1 end
        local length = redis.call('XLEN', @queue)
        local bytes = tonumber(redis.call('GET', @bytes) or '0')
        local size = string.len(@body)
        if length >= tonumber(@capacity) or (length > 0 and bytes + size > tonumber(@capacityBytes)) then
          return -2 - length
        end
        redis.call('XADD', @queue, '*', 'b', @body, 'r', @received)
        redis.call('INCRBY', @bytes, size)
        if @key ~= '' then redis.call('SET', @key, 'c', 'PX', @keyTtl) end
        return length + 1
        """);

    // Moves a queue entry (@entry, '' for none) to the dead letters in one step: appended there, acknowledged and
    // deleted here. The dead letter's entry id is its number ("n-0"): one lookup by id, and numbers are never reused.
    private static readonly LuaScript MoveToDeadLetters = LuaScript.Prepare("""
        local id = redis.call('INCR', @ids)
        redis.call('XADD', @letters, id .. '-0', 'reason', @reason, 'b', @body, 'error', @error, 'attempts', @attempts, 'r', @received, 'at', @at)
        if @entry ~= '' then
          redis.call('XACK', @queue, @group, @entry)
          local entries = redis.call('XRANGE', @queue, @entry, @entry)
          if #entries == 1 then
            local fields = entries[1][2]
            for i = 1, #fields, 2 do
              if fields[i] == 'b' then
                if redis.call('DECRBY', @bytes, string.len(fields[i + 1])) < 0 then redis.call('SET', @bytes, 0) end
              end
            end
            redis.call('XDEL', @queue, @entry)
          end
        end
        return redis.call('XLEN', @queue)
        """);

    // Moves one dead letter back into the queue in one step, if the queue has room: 1 moved, 0 gone, -1 no room.
    private static readonly LuaScript Replay = LuaScript.Prepare("""
        local entries = redis.call('XRANGE', @letters, @id, @id)
        if #entries == 0 then return 0 end
        local body = false
        local received = '0'
        local fields = entries[1][2]
        for i = 1, #fields, 2 do
          if fields[i] == 'b' then body = fields[i + 1] elseif fields[i] == 'r' then received = fields[i + 1] end
        end
        if not body then
          redis.call('XDEL', @letters, @id)
          return 0
        end
        local length = redis.call('XLEN', @queue)
        local bytes = tonumber(redis.call('GET', @bytes) or '0')
        local size = string.len(body)
        if length >= tonumber(@capacity) or (length > 0 and bytes + size > tonumber(@capacityBytes)) then return -1 end
        redis.call('XADD', @queue, '*', 'b', body, 'r', received)
        redis.call('INCRBY', @bytes, size)
        redis.call('XDEL', @letters, @id)
        return 1
        """);

    // Acknowledges and deletes, so that the stream holds only what waits or is in hand, and frees the entry's bytes.
    private static readonly LuaScript Acknowledge = LuaScript.Prepare("""
        local entries = redis.call('XRANGE', @queue, @id, @id)
        redis.call('XACK', @queue, @group, @id)
        if #entries == 1 then
          local fields = entries[1][2]
          for i = 1, #fields, 2 do
            if fields[i] == 'b' then
              if redis.call('DECRBY', @bytes, string.len(fields[i + 1])) < 0 then redis.call('SET', @bytes, 0) end
            end
          end
          redis.call('XDEL', @queue, @id)
        end
        return redis.call('XLEN', @queue)
        """);

    // Takes one entry read by another consumer (or by this one, @id given) into this consumer's hands, if that consumer
    // still has the heartbeat it was taken for dead with (@beat; '' for this consumer's own). A dead consumer left
    // with nothing is removed from the group and from the heartbeats. Returns {'alive'}, {'none'}, {'deleted', id}
    // or {'taken', id, delivery number, body, received}.
    private static readonly LuaScript Take = LuaScript.Prepare("""
        if @beat ~= '' and (redis.call('HGET', @heartbeats, @source) or '-') ~= @beat then return {'alive'} end
        local pending
        if @id ~= '' then
          pending = redis.call('XPENDING', @queue, @group, @id, @id, 1, @source)
        else
          pending = redis.call('XPENDING', @queue, @group, '-', '+', 1, @source)
        end
        if #pending == 0 then
          if @id == '' and @source ~= @target then
            redis.call('XGROUP', 'DELCONSUMER', @queue, @group, @source)
            redis.call('HDEL', @heartbeats, @source)
          end
          return {'none'}
        end
        local id = pending[1][1]
        local claimed = redis.call('XCLAIM', @queue, @group, @target, 0, id)
        local entry = claimed[1]
        local body = false
        local received = '0'
        if entry and entry[2] then
          for i = 1, #entry[2], 2 do
            if entry[2][i] == 'b' then body = entry[2][i + 1] elseif entry[2][i] == 'r' then received = entry[2][i + 1] end
          end
        end
        if not body then
          redis.call('XACK', @queue, @group, id)
          return {'deleted', id}
        end
        return {'taken', id, pending[1][4] + 1, body, received}
        """);

    private readonly RedisConnection _connection;
    private readonly NotificationParser _parser;
    private readonly WithingsReceiverOptions _receiver;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _consumer;
    private readonly ConsumerHeartbeat _heartbeat;
    private readonly ConcurrentDictionary<object, RedisValue> _inHand = new(ReferenceEqualityComparer.Instance);

    // Entries in this consumer's hands in Redis that no handler here holds: left by a previous run under the same
    // name, or whose acknowledgement failed. Taken back by id before anything else is read.
    private readonly ConcurrentQueue<RedisValue> _leftovers = new();
    private readonly SemaphoreSlim _auditing = new(1, 1);
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly CancellationTokenSource _stopped = new();
    private volatile bool _groupReady;
    private volatile bool _started;
    private long _auditedRound = -1;
    private int _count;
    private long _bytes;
    private volatile string? _failure;

    public RedisReceiverStore(
        RedisConnection connection,
        NotificationParser parser,
        IOptions<WithingsReceiverOptions> receiver,
        TimeProvider timeProvider,
        ILogger<RedisReceiverStore> logger)
    {
        _connection = connection;
        _parser = parser;
        _receiver = receiver.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _consumer = connection.Options.ConsumerName
            ?? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}");
        _heartbeat = new ConsumerHeartbeat(connection, _consumer, timeProvider, logger, () => _arrived.Release());
    }

    /// <summary>The last known number of entries waiting or in hand, in the whole shared queue.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>This instance's name in the consumer group.</summary>
    public string ConsumerName => _consumer;

    /// <summary>This instance's heartbeat: started by the first read.</summary>
    internal ConsumerHeartbeat Heartbeat => _heartbeat;

    public async ValueTask<WithingsAcceptResult> AcceptAsync(ReceivedNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (_stopped.IsCancellationRequested)
        {
            return WithingsAcceptResult.Stopping;
        }

        try
        {
            var key = notification.DuplicateKey is { } duplicateKey ? _connection.Keys.DuplicatePrefix + duplicateKey : null;
            var result = await AppendAsync(notification.Body, notification.ReceivedAt, key).ConfigureAwait(false);
            if (result == WithingsAcceptResult.Accepted)
            {
                _arrived.Release();
            }

            return result;
        }
        catch (RedisException exception)
        {
            // Not stored: the endpoint answers 503 and Withings retries later. Never a 200 for this one.
            Failed(exception);
            RedisLog.EnqueueFailed(_logger, exception);
            return WithingsAcceptResult.Unavailable;
        }
    }

    /// <summary>Checks the key (when given) and both limits, and appends. Throws when Redis fails.</summary>
    internal async ValueTask<WithingsAcceptResult> AppendAsync(string body, DateTimeOffset receivedAt, string? key = null)
    {
        var keys = _connection.Keys;
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        var result = (long)await database.ScriptEvaluateAsync(Accept, new
        {
            queue = (RedisKey)keys.Queue,
            bytes = (RedisKey)keys.QueueBytes,
            key = key ?? string.Empty,
            body,
            received = receivedAt.ToUnixTimeMilliseconds(),
            capacity = _receiver.QueueCapacity,
            capacityBytes = _receiver.QueueCapacityBytes,
            keyTtl = (long)_receiver.DuplicateTimeToLive.TotalMilliseconds,
        }).ConfigureAwait(false);
        _failure = null;
        switch (result)
        {
            case -1:
                return WithingsAcceptResult.Duplicate;
            case < -1:
                Volatile.Write(ref _count, (int)Math.Min(int.MaxValue, -2 - result));
                return WithingsAcceptResult.Full;
            default:
                Volatile.Write(ref _count, (int)Math.Min(int.MaxValue, result));
                return WithingsAcceptResult.Accepted;
        }
    }

    public async IAsyncEnumerable<ReceivedNotification> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        RedisLog.Reading(_logger, _consumer, _connection.Keys.Group);
        var failures = 0;
        while (!_stopped.IsCancellationRequested)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReceivedNotification? next;
            try
            {
                next = await NextAsync().ConfigureAwait(false);
                failures = 0;
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                // Redis is down or restarting: wait and read again; the entries are safe in Redis (or never acked).
                Failed(exception);
                failures++;
                var delay = TimeSpan.FromTicks(Math.Min(_connection.Options.PollInterval.Ticks * failures, TimeSpan.FromSeconds(5).Ticks));
                RedisLog.ReadFailed(_logger, exception, delay);
                _groupReady = false;
                await WaitAsync(delay, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (next is null)
            {
                await WaitAsync(_connection.Options.PollInterval, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (next.IsRepeatable)
            {
                await ForgetAsync(next).ConfigureAwait(false);
            }

            yield return next;
        }
    }

    public async ValueTask CompleteAsync(ReceivedNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (!_inHand.TryRemove(notification, out var id))
        {
            return;
        }

        // A failure leaves the entry unacknowledged: taken back by this instance (or over by another, if this one
        // dies) and handled again; handlers are idempotent.
        var keys = _connection.Keys;
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        var left = (long)await database.ScriptEvaluateAsync(Acknowledge, new
        {
            queue = (RedisKey)keys.Queue,
            bytes = (RedisKey)keys.QueueBytes,
            group = keys.Group,
            id,
        }).ConfigureAwait(false);
        Volatile.Write(ref _count, (int)Math.Min(int.MaxValue, left));
    }

    public async ValueTask DeadLetterAsync(ReceivedNotification notification, WithingsDeadLetterReason reason, string description, int attempts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(description);

        // Out of hand first: should the move fail, the entry stays unacknowledged in Redis, and a later audit takes it
        // back to be handled again rather than completed.
        var entry = _inHand.TryRemove(notification, out var id) ? id : RedisValue.EmptyString;
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        await MoveAsync(database, entry, notification.Body, notification.ReceivedAt, reason, description, attempts).ConfigureAwait(false);
    }

    public void StopAccepting()
    {
        if (_stopped.IsCancellationRequested)
        {
            return;
        }

        // Readers finish what they hold and stop taking entries: what is left stays in Redis for the other
        // instances, or for this one's next start.
        _stopped.Cancel();
        _arrived.Release(_receiver.HandlerConcurrency + 1);
    }

    public WithingsStoreStatus GetStatus()
    {
        var count = Volatile.Read(ref _count);
        var failure = _failure;
        return new WithingsStoreStatus(
            Backend,
            IsDurable: true,
            _connection.Options.KeyPrefix,
            failure is null ? WithingsStoreCondition.Healthy : WithingsStoreCondition.Unavailable,
            failure,
            count,
            count,
            Interlocked.Read(ref _bytes),
            null);
    }

    public async ValueTask<WithingsStoreStatus> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var keys = _connection.Keys;
            var database = await _connection.DatabaseAsync().ConfigureAwait(false);
            var length = await database.StreamLengthAsync(keys.Queue).WaitAsync(cancellationToken).ConfigureAwait(false);
            var bytes = await database.StringGetAsync(keys.QueueBytes).WaitAsync(cancellationToken).ConfigureAwait(false);
            var first = await database.StreamRangeAsync(keys.Queue, "-", "+", 1).WaitAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _count, (int)Math.Min(int.MaxValue, length));
            Interlocked.Exchange(ref _bytes, bytes.TryParse(out long held) ? held : 0);
            _failure = null;
            var oldest = first is [var entry, ..] ? ReceivedAt(entry[ReceivedField]) : (DateTimeOffset?)null;
            var age = oldest is { } at ? _timeProvider.GetUtcNow() - at : (TimeSpan?)null;
            return GetStatus() with { OldestAge = age < TimeSpan.Zero ? TimeSpan.Zero : age };
        }
        catch (RedisException exception)
        {
            Failed(exception);
            return GetStatus();
        }
    }

    public async ValueTask<IReadOnlyList<WithingsStoredDeadLetter>> ListAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        var entries = await database.StreamRangeAsync(_connection.Keys.DeadLetters).ConfigureAwait(false);
        return entries.Select(ToDeadLetter).ToList();
    }

    public async ValueTask<int> ReplayAsync(long? id, CancellationToken cancellationToken)
    {
        var keys = _connection.Keys;
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        var replayed = 0;
        foreach (var entry in await RangeAsync(database, id).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();

            // One script per dead letter: it leaves the dead letters exactly when it enters the queue.
            var moved = (long)await database.ScriptEvaluateAsync(Replay, new
            {
                letters = (RedisKey)keys.DeadLetters,
                queue = (RedisKey)keys.Queue,
                bytes = (RedisKey)keys.QueueBytes,
                id = entry.Id,
                capacity = _receiver.QueueCapacity,
                capacityBytes = _receiver.QueueCapacityBytes,
            }).ConfigureAwait(false);
            if (moved < 0)
            {
                // As far as the queue has room: the rest stay dead letters, to be replayed later.
                break;
            }

            replayed += (int)moved;
        }

        if (replayed > 0)
        {
            _arrived.Release();
        }

        return replayed;
    }

    public async ValueTask<int> PurgeAsync(long? id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        var ids = (await RangeAsync(database, id).ConfigureAwait(false)).Select(e => e.Id).ToArray();
        return ids.Length == 0 ? 0 : (int)await database.StreamDeleteAsync(_connection.Keys.DeadLetters, ids).ConfigureAwait(false);
    }

    public void Dispose()
    {
        // Readers may still be waiting when the container is disposed without a stop: end them, dispose nothing
        // they touch (neither holds an OS handle here).
        StopAccepting();
        _heartbeat.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        StopAccepting();

        // After the host's drain: what this instance still holds is taken over by the others at once.
        await _heartbeat.DisposeAsync().ConfigureAwait(false);
    }

    private async ValueTask<ReceivedNotification?> NextAsync()
    {
        var keys = _connection.Keys;
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        await EnsureGroupAsync(database).ConfigureAwait(false);
        await EnsureStartedAsync(database).ConfigureAwait(false);
        await AuditAsync(database).ConfigureAwait(false);

        // First what this consumer holds in Redis and nobody here handles, then what dead consumers held, then new.
        // An id lost to a failure below is found again by a later audit: it is still in this consumer's hands in Redis.
        while (_leftovers.TryDequeue(out var id))
        {
            Taking taken;
            try
            {
                taken = await TakeAsync(database, new DeadConsumer(_consumer, string.Empty), id).ConfigureAwait(false);
            }
            catch
            {
                // Put back at once: the next audit that would find it again comes only with the next heartbeat round.
                _leftovers.Enqueue(id);
                throw;
            }

            if (taken is { Notification: { } own })
            {
                return own;
            }
        }

        foreach (var dead in _heartbeat.DeadConsumers)
        {
            while (true)
            {
                var taken = await TakeAsync(database, dead, RedisValue.EmptyString).ConfigureAwait(false);
                if (taken.Notification is { } orphan)
                {
                    return orphan;
                }

                if (taken.Settled)
                {
                    _heartbeat.Settle(dead);
                    break;
                }
            }
        }

        var read = await database.StreamReadGroupAsync(keys.Queue, keys.Group, _consumer, StreamPosition.NewMessages, count: 1).ConfigureAwait(false);
        if (read is not [var fresh, ..])
        {
            return null;
        }

        var body = fresh[BodyField];
        if (fresh.IsNull || body.IsNull)
        {
            // Deleted while pending (a purge): nothing to handle; acknowledge so that it is not taken back for ever.
            RedisLog.EmptyEntry(_logger, fresh.Id);
            await database.StreamAcknowledgeAsync(keys.Queue, keys.Group, fresh.Id).ConfigureAwait(false);
            return null;
        }

        return ToNotification(fresh.Id, (string)body!, fresh[ReceivedField]);
    }

    /// <summary>
    /// Takes the oldest entry of <paramref name="source"/> (or the one <paramref name="id"/> names) into this consumer's
    /// hands. One handed out too often goes to the dead letters; one whose holder turned out alive stays with it.
    /// </summary>
    /// <returns>The notification to hand out; or none, with <see cref="Taking.Settled"/> when the source has nothing
    /// left to take or is alive.</returns>
    private async ValueTask<Taking> TakeAsync(IDatabase database, DeadConsumer source, RedisValue id)
    {
        var keys = _connection.Keys;
        var result = (RedisResult[])(await database.ScriptEvaluateAsync(Take, new
        {
            queue = (RedisKey)keys.Queue,
            heartbeats = (RedisKey)keys.Heartbeats,
            group = keys.Group,
            source = source.Name,
            beat = source.Beat,
            target = _consumer,
            id,
        }).ConfigureAwait(false))!;
        switch ((string?)result[0])
        {
            case "taken":
                break;
            case "deleted":
                RedisLog.EmptyEntry(_logger, (RedisValue)result[1]);
                return default;
            default:
                return new Taking(null, Settled: true);
        }

        var entryId = (RedisValue)result[1];
        var delivery = (long)result[2];
        var body = (string)result[3]!;
        var received = (RedisValue)result[4];
        if (delivery > _connection.Options.MaxDeliveries)
        {
            await DeadLetterAsync(database, entryId, body, received, delivery - 1).ConfigureAwait(false);
            return default;
        }

        if (source.Name == _consumer)
        {
            RedisLog.TookBack(_logger, entryId, delivery);
        }
        else
        {
            RedisLog.Claimed(_logger, entryId, source.Name, delivery);
        }

        return new Taking(ToNotification(entryId, body, received), Settled: false);
    }

    /// <summary>
    /// Sets aside an entry that every holder so far stopped or died with: moved to the dead letters by one script. A
    /// failure keeps it in this instance's hands, to be tried again.
    /// </summary>
    private async ValueTask DeadLetterAsync(IDatabase database, RedisValue id, string body, RedisValue received, long deliveries)
    {
        var error = string.Create(
            CultureInfo.InvariantCulture,
            $"Handed to an instance {deliveries} times, each of which stopped or died before acknowledging it (Withings:Redis:MaxDeliveries is {_connection.Options.MaxDeliveries}).");
        try
        {
            await MoveAsync(database, id, body, ReceivedAt(received), WithingsDeadLetterReason.DeliveryLimit, error, (int)Math.Min(deliveries, int.MaxValue)).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // Still in this consumer's hands in Redis: a later audit finds it, and it is dead-lettered again.
            RedisLog.DeliveryLimitFailed(_logger, exception, id);
            throw;
        }

        RedisLog.DeliveryLimit(_logger, id, deliveries);
    }

    private async ValueTask MoveAsync(IDatabase database, RedisValue entry, string body, DateTimeOffset receivedAt, WithingsDeadLetterReason reason, string error, int attempts)
    {
        var keys = _connection.Keys;
        var left = (long)await database.ScriptEvaluateAsync(MoveToDeadLetters, new
        {
            ids = (RedisKey)keys.DeadLetterIds,
            letters = (RedisKey)keys.DeadLetters,
            queue = (RedisKey)keys.Queue,
            bytes = (RedisKey)keys.QueueBytes,
            group = keys.Group,
            entry,
            reason = (int)reason,
            body,
            error,
            attempts,
            received = receivedAt.ToUnixTimeMilliseconds(),
            at = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        }).ConfigureAwait(false);
        Volatile.Write(ref _count, (int)Math.Min(int.MaxValue, left));
    }

    /// <summary>A repeatable notification was handed out: its key goes, so that the same body again is new data.</summary>
    private async ValueTask ForgetAsync(ReceivedNotification notification)
    {
        try
        {
            var database = await _connection.DatabaseAsync().ConfigureAwait(false);
            await database.KeyDeleteAsync(_connection.Keys.DuplicatePrefix + notification.DuplicateKey).ConfigureAwait(false);
        }
        catch (RedisException exception)
        {
            // At worst a later repeat of this body is absorbed until the key expires.
            RedisLog.ForgetFailed(_logger, exception, (int)notification.Notification!.Appli);
        }
    }

    private void Failed(Exception exception) =>
        _failure = "Redis is unreachable (" + exception.GetType().Name + "): notifications are refused with 503 until it answers.";

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

    private ReceivedNotification ToNotification(RedisValue id, string body, RedisValue received)
    {
        var receivedAt = ReceivedAt(received);
        var notification = _parser.TryParse(body, out var parsed, out var error)
            ? ReceivedNotification.Parsed(parsed, receivedAt)
            : ReceivedNotification.Unparseable(body, error, receivedAt);
        _inHand[notification] = id;
        return notification;
    }

    private DateTimeOffset ReceivedAt(RedisValue received) =>
        received.TryParse(out long milliseconds) && milliseconds > 0
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : _timeProvider.GetUtcNow();

    /// <summary>Starts the heartbeat before anything is read, so that the others see this instance alive.</summary>
    private async ValueTask EnsureStartedAsync(IDatabase database)
    {
        if (_started)
        {
            return;
        }

        await _heartbeat.StartAsync().ConfigureAwait(false);

        // Everything this consumer holds before its first read was left by a previous run under the same name. Every
        // reader waits for this audit rather than passing one that another reader runs: if that one fails, the next
        // audit would come only with the next heartbeat round, and the previous run's entries would wait for it.
        await AuditAsync(database, TimeSpan.Zero, wait: true).ConfigureAwait(false);
        _started = true;
    }

    /// <summary>Once per heartbeat round: finds what this consumer holds in Redis and no handler here holds.</summary>
    private async ValueTask AuditAsync(IDatabase database)
    {
        var round = _heartbeat.Rounds;
        if (Interlocked.Exchange(ref _auditedRound, round) != round)
        {
            // Idle for a while, so that an entry being taken or read right now is never counted.
            await AuditAsync(database, _connection.Options.HeartbeatTimeout).ConfigureAwait(false);
        }
    }

    private async ValueTask AuditAsync(IDatabase database, TimeSpan minimumIdle, bool wait = false)
    {
        if (wait)
        {
            await _auditing.WaitAsync().ConfigureAwait(false);
        }
        else if (!await _auditing.WaitAsync(0).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            var held = _inHand.Values.Concat(_leftovers).ToHashSet();
            RedisValue? after = null;
            while (true)
            {
                var page = await database.StreamPendingMessagesAsync(_connection.Keys.Queue, _connection.Keys.Group, 100, _consumer, after ?? "-", "+").ConfigureAwait(false);
                foreach (var pending in page)
                {
                    if (pending.IdleTimeInMilliseconds >= minimumIdle.TotalMilliseconds && held.Add(pending.MessageId))
                    {
                        _leftovers.Enqueue(pending.MessageId);
                    }
                }

                if (page.Length < 100)
                {
                    return;
                }

                after = "(" + page[^1].MessageId;
            }
        }
        finally
        {
            _auditing.Release();
        }
    }

    private async ValueTask EnsureGroupAsync(IDatabase database)
    {
        if (_groupReady)
        {
            return;
        }

        try
        {
            // From the start of the stream: entries added before the group existed are read too.
            await database.StreamCreateConsumerGroupAsync(_connection.Keys.Queue, _connection.Keys.Group, "0-0", createStream: true).ConfigureAwait(false);
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another instance created it first.
        }

        _groupReady = true;
    }

    private async ValueTask WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (_stopped.IsCancellationRequested)
        {
            return;
        }

        await _arrived.WaitAsync(delay, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What taking over gave: a notification to hand out, or whether the source is done with.</summary>
    private readonly record struct Taking(ReceivedNotification? Notification, bool Settled);
}
