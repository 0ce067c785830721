using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Withings.Sdk.Redis;

/// <summary>
/// Reports whether Redis answers (the receiver answers <c>503</c> while it does not), with the round trip and the
/// shared queue's length. Registered as <c>withings-redis</c> by <c>UseRedis</c>.
/// </summary>
internal sealed class RedisHealthCheck(RedisConnection connection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var database = await connection.DatabaseAsync().ConfigureAwait(false);
            var roundTrip = await database.PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            var length = await database.StreamLengthAsync(connection.Keys.Queue).WaitAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("Redis answers.", new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["round_trip_ms"] = Math.Round(roundTrip.TotalMilliseconds, 3).ToString(CultureInfo.InvariantCulture),
                ["queue_length"] = length,
            });
        }
        catch (StackExchange.Redis.RedisException exception)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis is unreachable: notifications are refused with 503 until it is back.", exception);
        }
    }
}
