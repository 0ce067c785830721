using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Withings.Sdk.AspNetCore;

namespace Withings.Sdk.Redis;

/// <summary>
/// The receiver's queue on a Redis stream shared by every instance. The endpoint's <c>200</c> waits for the
/// <c>XADD</c>; handlers read with one consumer group (each entry goes to one instance), acknowledge and delete each
/// entry once processed, and take over entries that a dead instance left unacknowledged for
/// <see cref="WithingsRedisOptions.ClaimIdleTime"/> (<c>XAUTOCLAIM</c>). Full means refusing (<c>503</c>), never
/// trimming: the limits count the entries waiting or in hand, and their bytes.
/// </summary>
internal sealed class RedisNotificationQueue : IWithingsNotificationQueue, IDisposable
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

    private readonly RedisConnection _connection;
    private readonly NotificationParser _parser;
    private readonly WithingsReceiverOptions _receiver;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly IHttpContextAccessor _httpContext;
    private readonly string _consumer;
    private readonly ConcurrentDictionary<object, RedisValue> _inHand = new(ReferenceEqualityComparer.Instance);
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly CancellationTokenSource _stopped = new();
    private volatile bool _groupReady;
    private long _nextClaimCheck;
    private int _count;

    public RedisNotificationQueue(
        RedisConnection connection,
        NotificationParser parser,
        IOptions<WithingsReceiverOptions> receiver,
        TimeProvider timeProvider,
        IHttpContextAccessor httpContext,
        ILogger<RedisNotificationQueue> logger)
    {
        _httpContext = httpContext;
        _connection = connection;
        _parser = parser;
        _receiver = receiver.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _consumer = connection.Options.ConsumerName
            ?? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}");
    }

    /// <summary>The last known number of entries waiting or in hand, in the whole shared queue.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>This instance's name in the consumer group.</summary>
    public string ConsumerName => _consumer;

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
            // Unacknowledged, the entry is taken over after ClaimIdleTime and handled again: handlers are idempotent.
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
    }

    private async ValueTask<ReceivedNotification?> NextAsync()
    {
        var keys = _connection.Keys;
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        await EnsureGroupAsync(database).ConfigureAwait(false);

        var now = _timeProvider.GetTimestamp();
        if (now >= Interlocked.Read(ref _nextClaimCheck))
        {
            var claimed = await database.StreamAutoClaimAsync(
                keys.Queue,
                keys.Group,
                _consumer,
                (long)_connection.Options.ClaimIdleTime.TotalMilliseconds,
                "0-0",
                count: 1).ConfigureAwait(false);
            if (claimed.ClaimedEntries is [var entry, ..])
            {
                RedisLog.Claimed(_logger, entry.Id);
                return await ToNotificationAsync(entry).ConfigureAwait(false);
            }

            // Nothing to take over: look again in a fraction of the idle time, so that a dead instance's entries
            // wait at most about ClaimIdleTime and a half.
            var pause = TimeSpan.FromTicks(Math.Max(_connection.Options.ClaimIdleTime.Ticks / 2, _connection.Options.PollInterval.Ticks));
            Interlocked.Exchange(ref _nextClaimCheck, now + (long)(pause.TotalSeconds * _timeProvider.TimestampFrequency));
        }

        var read = await database.StreamReadGroupAsync(keys.Queue, keys.Group, _consumer, StreamPosition.NewMessages, count: 1).ConfigureAwait(false);
        return read is [var fresh, ..] ? await ToNotificationAsync(fresh).ConfigureAwait(false) : null;
    }

    private async ValueTask<ReceivedNotification?> ToNotificationAsync(StreamEntry entry)
    {
        var body = entry[BodyField];
        if (entry.IsNull || body.IsNull)
        {
            // Deleted while pending (a purge): nothing to handle; acknowledge so that it is not claimed for ever.
            RedisLog.EmptyEntry(_logger, entry.Id);
            var database = await _connection.DatabaseAsync().ConfigureAwait(false);
            await database.StreamAcknowledgeAsync(_connection.Keys.Queue, _connection.Keys.Group, entry.Id).ConfigureAwait(false);
            return null;
        }

        var text = (string)body!;
        var receivedAt = entry[ReceivedField].TryParse(out long milliseconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : _timeProvider.GetUtcNow();
        var notification = _parser.TryParse(text, out var parsed, out var error)
            ? ReceivedNotification.Parsed(parsed, receivedAt)
            : ReceivedNotification.Unparseable(text, error, receivedAt);
        _inHand[notification] = entry.Id;
        return notification;
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
}
