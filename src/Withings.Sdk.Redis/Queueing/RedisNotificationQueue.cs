using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Withings.Sdk.AspNetCore;

namespace Withings.Sdk.Redis;

/// <summary>
/// The receiver's queue on a Redis stream shared by every instance. The endpoint's <c>200</c> waits for the
/// <c>XADD</c>; handlers read with one consumer group (each entry goes to one instance), acknowledge and delete each
/// entry once processed. Entries read by an instance that died or stopped are taken over once its heartbeat is seen
/// stopped (<see cref="ConsumerHeartbeat"/>), never because of idle time alone, so a live instance's slow handler
/// keeps what it holds; an entry handed out more than <see cref="WithingsRedisOptions.MaxDeliveries"/> times goes to
/// the dead letters instead. Full means refusing (<c>503</c>), never trimming: the limits count the entries waiting
/// or in hand, and their bytes.
/// </summary>
internal sealed class RedisNotificationQueue : IWithingsNotificationQueue, IDisposable, IAsyncDisposable
{
    private const string BodyField = "b";
    private const string ReceivedField = "r";

    // Checks both limits and appends in one step, so that two instances cannot both take the last place.
    private static readonly LuaScript Enqueue = LuaScript.Prepare("""
        local length = redis.call('XLEN', @queue)
        local bytes = tonumber(redis.call('GET', @bytes) or '0')
        local size = string.len(@body)
        if length >= tonumber(@capacity) or bytes + size > tonumber(@capacityBytes) then
          return -1 - length
        end
        redis.call('XADD', @queue, '*', 'b', @body, 'r', @received)
        redis.call('INCRBY', @bytes, size)
        if @reserved ~= '' then redis.call('SET', @reserved, 'c', 'PX', @reservedTtl) end
        return length + 1
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
    private readonly IHttpContextAccessor _httpContext;
    private readonly IServiceProvider _services;
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

    public RedisNotificationQueue(
        RedisConnection connection,
        NotificationParser parser,
        IOptions<WithingsReceiverOptions> receiver,
        TimeProvider timeProvider,
        IHttpContextAccessor httpContext,
        IServiceProvider services,
        ILogger<RedisNotificationQueue> logger)
    {
        _httpContext = httpContext;
        _services = services;
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

    public async ValueTask<bool> TryEnqueueAsync(ReceivedNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (_stopped.IsCancellationRequested)
        {
            return false;
        }

        try
        {
            // The duplicate filter's pending reservation of this request is confirmed by the same script.
            string? reserved = null;
            if (_httpContext.HttpContext?.Items.Remove(RedisDuplicateFilter.ReservedKeyItem, out var item) == true)
            {
                reserved = item as string;
            }

            var accepted = await AppendAsync(notification.Body, notification.ReceivedAt, reserved).ConfigureAwait(false);
            if (accepted)
            {
                _arrived.Release();
            }

            return accepted;
        }
        catch (RedisException exception)
        {
            // Not stored: the endpoint answers 503 and Withings retries later. Never a 200 for this one.
            RedisLog.EnqueueFailed(_logger, exception);
            return false;
        }
    }

    /// <summary>Appends a body within both limits; <see langword="false"/> when full. Throws when Redis fails.</summary>
    internal async ValueTask<bool> AppendAsync(string body, DateTimeOffset receivedAt, string? reservedKey = null)
    {
        var keys = _connection.Keys;
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        var result = (long)await database.ScriptEvaluateAsync(Enqueue, new
        {
            queue = (RedisKey)keys.Queue,
            bytes = (RedisKey)keys.QueueBytes,
            body,
            received = receivedAt.ToUnixTimeMilliseconds(),
            capacity = _receiver.QueueCapacity,
            capacityBytes = _receiver.QueueCapacityBytes,
            reserved = reservedKey ?? string.Empty,
            reservedTtl = (long)_receiver.DuplicateTimeToLive.TotalMilliseconds,
        }).ConfigureAwait(false);
        Volatile.Write(ref _count, (int)Math.Min(int.MaxValue, result >= 0 ? result : -1 - result));
        return result >= 0;
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
            catch (RedisException exception)
            {
                // Redis is down or restarting: wait and read again; the entries are safe in Redis (or never acked).
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

            yield return next;
        }
    }

    public async ValueTask MarkProcessedAsync(ReceivedNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (!_inHand.TryRemove(notification, out var id))
        {
            return;
        }

        var keys = _connection.Keys;
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        try
        {
            var left = (long)await database.ScriptEvaluateAsync(Acknowledge, new
            {
                queue = (RedisKey)keys.Queue,
                bytes = (RedisKey)keys.QueueBytes,
                group = keys.Group,
                id,
            }).ConfigureAwait(false);
            Volatile.Write(ref _count, (int)Math.Min(int.MaxValue, left));
        }
        catch (RedisException)
        {
            // Unacknowledged, the entry is taken back by this instance (or over by another, if this one dies) and
            // handled again: handlers are idempotent.
            throw;
        }
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
            if (await TakeAsync(database, new DeadConsumer(_consumer, string.Empty), id).ConfigureAwait(false) is { Notification: { } own })
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
    /// Sets aside an entry that every holder so far stopped or died with: to the dead letters (through the receiver's
    /// sink, the Redis dead-letter store unless replaced), then acknowledged. A failure keeps it in this instance's
    /// hands, to be tried again; a crash in between writes a second dead letter rather than none.
    /// </summary>
    private async ValueTask DeadLetterAsync(IDatabase database, RedisValue id, string body, RedisValue received, long deliveries)
    {
        var receivedAt = ReceivedAt(received);
        var notification = _parser.TryParse(body, out var parsed, out _) ? parsed : null;
        var error = string.Create(
            CultureInfo.InvariantCulture,
            $"Handed to an instance {deliveries} times, each of which stopped or died before acknowledging it (Withings:Redis:MaxDeliveries is {_connection.Options.MaxDeliveries}).");
        try
        {
            // Resolved here, not injected: the Redis dead-letter store is built from this queue (it replays into it).
            var sink = _services.GetRequiredService<IWithingsDeadLetterSink>();
            await sink.WriteAsync(
                new WithingsDeadLetter(WithingsDeadLetterReason.DeliveryLimit, body, error, notification, null, (int)Math.Min(deliveries, int.MaxValue), receivedAt),
                CancellationToken.None).ConfigureAwait(false);
            var keys = _connection.Keys;
            var left = (long)await database.ScriptEvaluateAsync(Acknowledge, new
            {
                queue = (RedisKey)keys.Queue,
                bytes = (RedisKey)keys.QueueBytes,
                group = keys.Group,
                id,
            }).ConfigureAwait(false);
            Volatile.Write(ref _count, (int)Math.Min(int.MaxValue, left));
        }
        catch (Exception exception)
        {
            // Still in this consumer's hands in Redis: a later audit finds it, and it is dead-lettered again.
            RedisLog.DeliveryLimitFailed(_logger, exception, id);
            throw;
        }

        RedisLog.DeliveryLimit(_logger, id, deliveries);
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

        // Everything this consumer holds before its first read was left by a previous run under the same name.
        await AuditAsync(database, TimeSpan.Zero).ConfigureAwait(false);
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

    private async ValueTask AuditAsync(IDatabase database, TimeSpan minimumIdle)
    {
        if (!await _auditing.WaitAsync(0).ConfigureAwait(false))
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
