using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Withings.Sdk.Redis;

/// <summary>
/// This instance's heartbeat, and its watch on the others'. Every <see cref="WithingsRedisOptions.HeartbeatInterval"/>
/// (on the <see cref="TimeProvider"/>) it writes a new value under its consumer name in one hash, reads everyone
/// else's, and keeps the list of consumers taken for dead (<see cref="ConsumerLiveness"/>), whose entries the reader
/// then takes over. Stopping cleanly writes <see cref="ConsumerLiveness.Stopped"/>, so that what is left is taken
/// over at once instead of after the timeout.
/// </summary>
internal sealed class ConsumerHeartbeat : IAsyncDisposable, IDisposable
{
    // Writes the new value and returns the one it replaced: another value than this run's last one means another
    // process writes under the same name, or another instance buried this one (its entry was removed).
    private static readonly LuaScript Beat = LuaScript.Prepare("""
        local previous = redis.call('HGET', @heartbeats, @consumer)
        redis.call('HSET', @heartbeats, @consumer, @beat)
        return previous
        """);

    private readonly RedisConnection _connection;
    private readonly string _consumer;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Action _deathFound;
    private readonly ConsumerLiveness _liveness;
    private readonly string _run = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<string, string> _dead = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstRound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private Task? _loop;
    private long _beats;
    private string? _lastBeat;
    private bool _failing;
    private bool _sharedNameReported;
    private long _rounds;

    // deathFound: called when a look finds a consumer newly dead, to wake the reader.
    public ConsumerHeartbeat(RedisConnection connection, string consumer, TimeProvider timeProvider, ILogger logger, Action deathFound)
    {
        _connection = connection;
        _consumer = consumer;
        _timeProvider = timeProvider;
        _logger = logger;
        _deathFound = deathFound;
        _liveness = new ConsumerLiveness(connection.Options.HeartbeatTimeout, timeProvider);
    }

    /// <summary>How many rounds (beat and look) have ended, failed ones included. Tests step a fake clock by it.</summary>
    public long Rounds => Interlocked.Read(ref _rounds);

    /// <summary>The consumers the last look found dead, and not found alive or emptied since.</summary>
    public IReadOnlyList<DeadConsumer> DeadConsumers => _dead.Select(static d => new DeadConsumer(d.Key, d.Value)).ToList();

    /// <summary>Starts beating (once); completes when the first round has ended, whether it reached Redis or not.</summary>
    public Task StartAsync()
    {
        lock (_gate)
        {
            if (_loop is null && !_stop.IsCancellationRequested)
            {
                var stop = _stop.Token;
                _loop = Task.Run(() => RunAsync(stop), CancellationToken.None);
            }
        }

        return _firstRound.Task;
    }

    /// <summary>
    /// Forgets a dead consumer once taking over found it alive after all (its heartbeat moved) or emptied and removed.
    /// </summary>
    public void Settle(DeadConsumer consumer) => _dead.TryRemove(KeyValuePair.Create(consumer.Name, consumer.Beat));

    public void Dispose()
    {
        // No heartbeat of "stopped" without waiting for Redis: the others take this instance for dead after the timeout.
        lock (_gate)
        {
            _stop.Cancel();
        }

        _firstRound.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        // Once: the container disposes the queue under each of the services it is registered as.
        Task? loop;
        lock (_gate)
        {
            loop = _loop;
            _loop = null;
            _stop.Cancel();
        }

        _firstRound.TrySetResult();
        if (loop is null)
        {
            return;
        }

        await loop.ConfigureAwait(false);
        try
        {
            // Whatever this instance still holds (its host's shutdown cut the drain) is taken over at once.
            var database = await _connection.DatabaseAsync().ConfigureAwait(false);
            await database.HashSetAsync(_connection.Keys.Heartbeats, _consumer, ConsumerLiveness.Stopped).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // Redis is down: the others take this instance for dead after the timeout instead.
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        // Created before the first round: a tick that falls due while a round runs is kept, not lost.
        using var timer = new PeriodicTimer(_connection.Options.HeartbeatInterval, _timeProvider);
        try
        {
            do
            {
                await RoundAsync().ConfigureAwait(false);
                Interlocked.Increment(ref _rounds);
                _firstRound.TrySetResult();
            }
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped.
        }
        finally
        {
            _firstRound.TrySetResult();
        }
    }

    private async Task RoundAsync()
    {
        var keys = _connection.Keys;
        try
        {
            var database = await _connection.DatabaseAsync().ConfigureAwait(false);
            var beat = _run + ":" + (++_beats).ToString(CultureInfo.InvariantCulture);
            var previous = (string?)await database.ScriptEvaluateAsync(Beat, new
            {
                heartbeats = (RedisKey)keys.Heartbeats,
                consumer = _consumer,
                beat,
            }).ConfigureAwait(false);
            CheckPrevious(previous);
            _lastBeat = beat;

            var heartbeats = await database.HashGetAllAsync(keys.Heartbeats).ConfigureAwait(false);
            var consumers = await ConsumersAsync(database).ConfigureAwait(false);
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var consumer in consumers)
            {
                seen[consumer] = ConsumerLiveness.Absent;
            }

            foreach (var entry in heartbeats)
            {
                seen[entry.Name!] = entry.Value!;
            }

            seen.Remove(_consumer);
            Record(_liveness.Look(seen, _timeProvider.GetTimestamp()));
            if (_failing)
            {
                _failing = false;
                RedisLog.HeartbeatResumed(_logger);
            }
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // Whether the beat was written is unknown: the next one does not judge the value it replaces.
            _lastBeat = null;
            _liveness.Forget();
            if (!_failing)
            {
                _failing = true;
                RedisLog.HeartbeatFailed(_logger, exception, _connection.Options.HeartbeatTimeout);
            }
        }
    }

    private void CheckPrevious(string? previous)
    {
        // The first beat replaces a previous run's value (or its "stopped"), which says nothing about this run.
        if (_lastBeat is null || previous == _lastBeat)
        {
            return;
        }

        if (previous is null)
        {
            RedisLog.TakenForDead(_logger, _consumer, _connection.Options.HeartbeatTimeout);
        }
        else if (!_sharedNameReported)
        {
            _sharedNameReported = true;
            RedisLog.ConsumerNameShared(_logger, _consumer);
        }
    }

    private void Record(IReadOnlyList<DeadConsumer> dead)
    {
        var found = false;
        foreach (var consumer in dead)
        {
            if (!_dead.TryGetValue(consumer.Name, out var known))
            {
                found = true;
                if (consumer.Beat == ConsumerLiveness.Stopped)
                {
                    RedisLog.ConsumerStopped(_logger, consumer.Name);
                }
                else
                {
                    RedisLog.ConsumerDead(_logger, consumer.Name, _connection.Options.HeartbeatTimeout);
                }
            }

            if (known != consumer.Beat)
            {
                _dead[consumer.Name] = consumer.Beat;
            }
        }

        // Those whose heartbeat moved again are alive: they keep what they hold.
        foreach (var name in _dead.Keys)
        {
            if (!dead.Any(d => d.Name == name))
            {
                _dead.TryRemove(name, out _);
            }
        }

        if (found)
        {
            _deathFound();
        }
    }

    private async Task<IEnumerable<string>> ConsumersAsync(IDatabase database)
    {
        try
        {
            var consumers = await database.StreamConsumerInfoAsync(_connection.Keys.Queue, _connection.Keys.Group).ConfigureAwait(false);
            return consumers.Select(static c => c.Name);
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("NOGROUP", StringComparison.Ordinal)
            || exception.Message.Contains("no such key", StringComparison.OrdinalIgnoreCase))
        {
            // The group or the stream is not there (yet, or any more after a Redis without persistence restarted).
            return [];
        }
    }
}
