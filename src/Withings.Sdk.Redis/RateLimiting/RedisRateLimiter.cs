using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Withings.Sdk.Redis;

/// <summary>
/// The application-wide Withings rate limit shared by every process through one Redis key: the same token bucket as
/// <see cref="WithingsRateLimiter"/> (at most <see cref="WithingsRateLimitOptions.PermitsPerMinute"/> requests in
/// any 60-second window, in total; up to <see cref="WithingsRateLimitOptions.Burst"/> at once, the rest of the
/// budget evenly spaced), computed by a Lua script on Redis' own clock, so that every instance sees one bucket.
/// </summary>
/// <remarks>
/// Waiting requests poll the bucket at the time it names; they are not served in strict arrival order across
/// processes. While Redis is unreachable a request waits up to <see cref="WithingsRedisOptions.OutageWait"/>, then
/// fails with <see cref="WithingsRedisUnavailableException"/>.
/// </remarks>
internal sealed class RedisRateLimiter : RateLimiter
{
    // Microseconds on Redis' clock (TIME), as doubles: exact up to 2^53, far beyond any date. Numbers are written
    // with %.0f because Redis turns Lua numbers into strings with 14 significant digits only.
    private static readonly LuaScript Take = LuaScript.Prepare("""
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
        local burst = tonumber(@burst)
        local period = tonumber(@period)
        local permits = tonumber(@permits)
        local state = redis.call('HMGET', @bucket, 't', 'n')
        local tokens = tonumber(state[1]) or burst
        local nextRefill = tonumber(state[2]) or now
        if tokens < burst and now >= nextRefill then
          local added = math.min(math.floor((now - nextRefill) / period) + 1, burst - tokens)
          tokens = tokens + added
          nextRefill = nextRefill + added * period
        end
        if tokens >= permits then
          if tokens == burst then nextRefill = now + period end
          tokens = tokens - permits
          redis.call('HSET', @bucket, 't', tokens, 'n', string.format('%.0f', nextRefill))
          redis.call('PEXPIRE', @bucket, @ttl)
          return 0
        end
        return math.max(1, nextRefill - now + (permits - tokens - 1) * period)
        """);

    private static readonly RateLimitLease Granted = new Lease(true);
    private static readonly RateLimitLease Refused = new Lease(false);

    private readonly RedisConnection _connection;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly long _periodMicroseconds;
    private readonly long _timeToLiveMilliseconds;
    private long _successfulLeases;
    private long _failedLeases;

    public RedisRateLimiter(RedisConnection connection, WithingsRateLimitOptions options, TimeProvider timeProvider, ILogger<RedisRateLimiter> logger)
        : this(connection, options, timeProvider, logger, TimeSpan.FromMinutes(1))
    {
    }

    /// <param name="connection">The shared connection.</param>
    /// <param name="options">The rate and burst.</param>
    /// <param name="timeProvider">The clock waits are timed with (the bucket itself runs on Redis' clock).</param>
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

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        CheckPermitCount(permitCount);
        if (permitCount == 0)
        {
            return Granted;
        }

        try
        {
            var wait = TryTakeAsync(permitCount).AsTask().GetAwaiter().GetResult();
            return Count(wait == 0 ? Granted : Refused);
        }
        catch (RedisException)
        {
            return Count(Refused);
        }
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
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
            try
            {
                var waitMicroseconds = await TryTakeAsync(permitCount).ConfigureAwait(false);
                if (waitMicroseconds == 0)
                {
                    return Count(Granted);
                }

                outageSince = null;
                delay = TimeSpan.FromMicroseconds(waitMicroseconds);
            }
            catch (RedisException exception)
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

            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<long> TryTakeAsync(int permitCount)
    {
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        return (long)await database.ScriptEvaluateAsync(Take, new
        {
            bucket = (RedisKey)_connection.Keys.RateLimit,
            burst = Burst,
            period = _periodMicroseconds,
            permits = permitCount,
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
