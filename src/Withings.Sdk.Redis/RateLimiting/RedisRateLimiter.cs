using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Withings.Sdk.Redis;

/// <summary>
/// The application-wide Withings rate limit shared by every process through Redis: the same token bucket as
/// <see cref="WithingsRateLimiter"/> (at most <see cref="WithingsRateLimitOptions.PermitsPerMinute"/> requests in
/// any 60-second window, in total; up to <see cref="WithingsRateLimitOptions.Burst"/> at once, the rest of the
/// budget evenly spaced), computed by a Lua script on Redis' own clock, so that every instance sees one bucket; the
/// same priority classes; and one hold after status 601 for every instance.
/// </summary>
/// <remarks>
/// <para>
/// Waiting requests poll the bucket at the time it names; they are not served in strict arrival order across
/// processes. A refused waiter marks its class as waiting in Redis until one refill after it is due; no permit goes
/// to a lower class while a higher class's mark stands, in any instance.
/// </para>
/// <para>
/// The hold is one key holding its end on the holder's clock (<see cref="TimeProvider"/>), read by every instance's
/// acquire path against its own clock: a hold lasts about a minute, so the milliseconds of skew between machines
/// kept in time do not matter. The holder also holds locally, so that it holds even when Redis did not take the key.
/// </para>
/// <para>
/// While Redis is unreachable a request waits up to <see cref="WithingsRedisOptions.OutageWait"/>, then fails with
/// <see cref="WithingsRedisUnavailableException"/>, which is transient.
/// </para>
/// </remarks>
internal sealed class RedisRateLimiter : RateLimiter, IWithingsRateLimitControl
{
    // Microseconds on Redis' clock (TIME), as doubles: exact up to 2^53, far beyond any date. Numbers are written
    // with %.0f because Redis turns Lua numbers into strings with 14 significant digits only. Returns 0 when granted,
    // the wait in microseconds when refused by the bucket or a higher class, minus the wait when a hold is in force.
    private static readonly LuaScript Take = LuaScript.Prepare("""
        local held = tonumber(redis.call('GET', @hold))
        local appNow = tonumber(@appnow)
        if held and held > appNow then
          return -math.max(1, (held - appNow) * 1000)
        end
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
        local burst = tonumber(@burst)
        local period = tonumber(@period)
        local permits = tonumber(@permits)
        local priority = tonumber(@priority)
        local ahead = false
        local marks = redis.call('HGETALL', @waiting)
        for i = 1, #marks, 2 do
          if tonumber(marks[i]) < priority and tonumber(marks[i + 1]) > now then ahead = true end
        end
        local state = redis.call('HMGET', @bucket, 't', 'n')
        local tokens = tonumber(state[1]) or burst
        local nextRefill = tonumber(state[2]) or now
        if tokens < burst and now >= nextRefill then
          local added = math.min(math.floor((now - nextRefill) / period) + 1, burst - tokens)
          tokens = tokens + added
          nextRefill = nextRefill + added * period
        end
        if tokens >= permits and not ahead then
          if tokens == burst then nextRefill = now + period end
          tokens = tokens - permits
          redis.call('HSET', @bucket, 't', tokens, 'n', string.format('%.0f', nextRefill))
          redis.call('PEXPIRE', @bucket, @ttl)
          return 0
        end
        local wait = period
        if tokens < permits then wait = math.max(1, nextRefill - now + (permits - tokens - 1) * period) end
        local mark = now + wait + period
        if mark > (tonumber(redis.call('HGET', @waiting, priority)) or 0) then
          redis.call('HSET', @waiting, priority, string.format('%.0f', mark))
        end
        redis.call('PEXPIRE', @waiting, @ttl)
        return wait
        """);

    // Keeps the later of two holds.
    private static readonly LuaScript SetHold = LuaScript.Prepare("""
        local ending = tonumber(@ending)
        if ending > (tonumber(redis.call('GET', @hold)) or 0) then
          redis.call('SET', @hold, string.format('%.0f', ending), 'PX', @ttl)
        end
        return 0
        """);

    // How long a hold's key outlives its end, for the clocks of the instances reading it.
    private static readonly TimeSpan HoldKeySlack = TimeSpan.FromMinutes(1);

    private static readonly RateLimitLease Granted = new Lease(true);
    private static readonly RateLimitLease Refused = new Lease(false);

    private readonly RedisConnection _connection;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly long _periodMicroseconds;
    private readonly long _timeToLiveMilliseconds;
    private long _heldUntil;
    private long _successfulLeases;
    private long _failedLeases;

    public RedisRateLimiter(RedisConnection connection, WithingsRateLimitOptions options, TimeProvider timeProvider, ILogger<RedisRateLimiter> logger)
        : this(connection, options, timeProvider, logger, TimeSpan.FromMinutes(1))
    {
    }

    /// <param name="connection">The shared connection.</param>
    /// <param name="options">The rate and burst.</param>
    /// <param name="timeProvider">The clock waits and holds are timed with (the bucket itself runs on Redis' clock).</param>
    /// <param name="logger">The logger.</param>
    /// <param name="window">The limit's window: one minute, except in tests that scale time down.</param>
    internal RedisRateLimiter(RedisConnection connection, WithingsRateLimitOptions options, TimeProvider timeProvider, ILogger<RedisRateLimiter> logger, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PermitsPerMinute, 1, "RateLimit.PermitsPerMinute");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Burst, 1, "RateLimit.Burst");
        _connection = connection;
        _timeProvider = timeProvider;
        _logger = logger;
        PermitsPerMinute = options.PermitsPerMinute;
        Burst = PermitsPerMinute == 1 ? 1 : Math.Min(options.Burst, PermitsPerMinute - 1);

        // As in WithingsRateLimiter: the refills of one window stay within the limit minus the burst.
        var refills = PermitsPerMinute - Burst;
        var windowMicroseconds = (long)Math.Ceiling(window.TotalMicroseconds);
        _periodMicroseconds = refills == 0 ? windowMicroseconds + 1 : (windowMicroseconds + refills - 1) / refills;

        // A bucket left alone that long is full again: the key may go.
        _timeToLiveMilliseconds = ((Burst + 1) * _periodMicroseconds / 1000) + (long)window.TotalMilliseconds;
    }

    /// <summary>The most requests allowed in any window, across every instance.</summary>
    public int PermitsPerMinute { get; }

    /// <summary>The most requests that may start at once, across every instance.</summary>
    public int Burst { get; }

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics() => new()
    {
        CurrentAvailablePermits = 0,
        CurrentQueuedCount = 0,
        TotalSuccessfulLeases = Interlocked.Read(ref _successfulLeases),
        TotalFailedLeases = Interlocked.Read(ref _failedLeases),
    };

    public ValueTask<RateLimitLease> AcquireAsync(WithingsRequestPriority priority, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan((int)priority, (int)WithingsRequestPriority.TokenRefresh, nameof(priority));
        ArgumentOutOfRangeException.ThrowIfGreaterThan((int)priority, (int)WithingsRequestPriority.Backfill, nameof(priority));
        return AcquireCoreAsync(1, priority, cancellationToken);
    }

    public async ValueTask HoldAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        // This instance holds whatever Redis says.
        var until = _timeProvider.GetTimestamp() + (long)Math.Ceiling(duration.Ticks * (double)_timeProvider.TimestampFrequency / TimeSpan.TicksPerSecond);
        long current;
        while ((current = Interlocked.Read(ref _heldUntil)) < until && Interlocked.CompareExchange(ref _heldUntil, until, current) != current)
        {
            // Another hold was recorded meanwhile: compare with it again (the later one wins).
        }

        try
        {
            var database = await _connection.DatabaseAsync().ConfigureAwait(false);
            await database.ScriptEvaluateAsync(SetHold, new
            {
                hold = (RedisKey)_connection.Keys.RateLimitHold,
                ending = (_timeProvider.GetUtcNow() + duration).ToUnixTimeMilliseconds(),
                ttl = (long)(duration + HoldKeySlack).TotalMilliseconds,
            }).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            RedisLog.HoldNotShared(_logger, exception, duration);
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        CheckPermitCount(permitCount);
        if (permitCount == 0)
        {
            return Granted;
        }

        if (LocalHold() > TimeSpan.Zero)
        {
            return Count(Refused);
        }

        try
        {
            var wait = TryTakeAsync(permitCount, WithingsRequestPriority.Live).AsTask().GetAwaiter().GetResult();
            return Count(wait == 0 ? Granted : Refused);
        }
        catch (RedisException)
        {
            return Count(Refused);
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        AcquireCoreAsync(permitCount, WithingsRequestPriority.Live, cancellationToken);

    private async ValueTask<RateLimitLease> AcquireCoreAsync(int permitCount, WithingsRequestPriority priority, CancellationToken cancellationToken)
    {
        CheckPermitCount(permitCount);
        if (permitCount == 0)
        {
            return Granted;
        }

        long? outageSince = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TimeSpan delay;
            if (LocalHold() is var held && held > TimeSpan.Zero)
            {
                RedisLog.WaitingForHold(_logger, held);
                delay = held;
            }
            else
            {
                try
                {
                    var waitMicroseconds = await TryTakeAsync(permitCount, priority).ConfigureAwait(false);
                    if (waitMicroseconds == 0)
                    {
                        return Count(Granted);
                    }

                    outageSince = null;
                    delay = TimeSpan.FromMicroseconds(Math.Abs(waitMicroseconds));
                    if (waitMicroseconds < 0)
                    {
                        RedisLog.WaitingForHold(_logger, delay);
                    }
                }
                catch (Exception exception) when (exception is RedisException or TimeoutException)
                {
                    outageSince ??= _timeProvider.GetTimestamp();
                    var outageWait = _connection.Options.OutageWait;
                    if (_timeProvider.GetElapsedTime(outageSince.Value) >= outageWait)
                    {
                        Interlocked.Increment(ref _failedLeases);
                        throw new WithingsRedisUnavailableException(
                            $"The shared Withings rate limit could not be taken: Redis was unreachable for {outageWait.TotalSeconds:0.#} s (Withings:Redis:OutageWait). The request was not sent; send it again once Redis is back.",
                            exception);
                    }

                    RedisLog.WaitingForRedis(_logger, exception, outageWait);
                    delay = TimeSpan.FromMilliseconds(250);
                }
            }

            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan LocalHold()
    {
        var left = Interlocked.Read(ref _heldUntil) - _timeProvider.GetTimestamp();
        return left <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)Math.Ceiling(left * (double)TimeSpan.TicksPerSecond / _timeProvider.TimestampFrequency));
    }

    private async ValueTask<long> TryTakeAsync(int permitCount, WithingsRequestPriority priority)
    {
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        return (long)await database.ScriptEvaluateAsync(Take, new
        {
            bucket = (RedisKey)_connection.Keys.RateLimit,
            hold = (RedisKey)_connection.Keys.RateLimitHold,
            waiting = (RedisKey)_connection.Keys.RateLimitWaiting,
            appnow = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
            burst = Burst,
            period = _periodMicroseconds,
            permits = permitCount,
            priority = (int)priority,
            ttl = _timeToLiveMilliseconds,
        }).ConfigureAwait(false);
    }

    private RateLimitLease Count(RateLimitLease lease)
    {
        Interlocked.Increment(ref lease.IsAcquired ? ref _successfulLeases : ref _failedLeases);
        return lease;
    }

    private void CheckPermitCount(int permitCount)
    {
        if (permitCount < 0 || permitCount > Burst)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, $"permitCount must be between 0 and the burst ({Burst}).");
        }
    }

    private sealed class Lease(bool isAcquired) : RateLimitLease
    {
        public override bool IsAcquired { get; } = isAcquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
