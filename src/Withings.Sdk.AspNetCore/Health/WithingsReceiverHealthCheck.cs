using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The receiver's health: the store answers and can write, and the queue has room. Degraded from 80 % of either queue
/// limit on (at 100 % Withings gets <c>503</c> and retries later); unhealthy when the durable store fails or cannot
/// write (a full disk), with the reason.
/// </summary>
internal sealed class WithingsReceiverHealthCheck(IWithingsNotificationQueue registered, IOptions<WithingsReceiverOptions> options, TimeProvider timeProvider) : IHealthCheck
{
    private const double DegradedFill = 0.8;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var queue = registered;
        var settings = options.Value;
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["queue_capacity"] = settings.QueueCapacity,
            ["queue_capacity_bytes"] = settings.QueueCapacityBytes,
        };
        if (queue is not DurableNotificationQueue durable)
        {
            data["store"] = queue is ChannelNotificationQueue ? "memory" : queue.GetType().Name;
            data["queue_depth"] = queue.Count;
            if (queue is not ChannelNotificationQueue memory)
            {
                return Result(queue.Count / (double)settings.QueueCapacity, data, "custom");
            }

            data["queue_bytes"] = memory.HeldBytes;
            data["stored"] = memory.Held;
            return Result(Fill(memory.Held, memory.HeldBytes, settings), data, "in memory");
        }

        var store = durable.Store;
        data["store"] = store.Path;
        data["durability"] = store.Durability.ToString();
        long? oldest;
        try
        {
            // A store that cannot write learns that it can again from the next commit that writes: when the probes of
            // a load balancer that took this instance out are the only requests left, this check makes that commit.
            if (store.Condition != StoreCondition.Writable)
            {
                await store.ProbeAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (StoreUnavailableException)
        {
            // Still cannot write: reported below with the reason the store recorded.
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The Withings receiver store does not answer.", exception, data);
        }

        try
        {
            // Through the writer, as every change: an answer proves the store is still committing.
            oldest = await durable.Store.RunAsync(session =>
                session.Command("SELECT MIN(received) FROM withings_queue").ExecuteScalar() is long received ? received : (long?)null)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The Withings receiver store does not answer.", exception, data);
        }

        var condition = store.Condition;
        data["store_condition"] = condition switch
        {
            StoreCondition.DiskFull => "disk_full",
            StoreCondition.Failing => "failing",
            _ => "writable",
        };
        if (condition != StoreCondition.Writable)
        {
            var free = store.FreeBytes;
            data["store_free_bytes"] = free;
            return HealthCheckResult.Unhealthy(
                condition == StoreCondition.DiskFull
                    ? $"The Withings receiver store's disk is full ({free} bytes free): notifications are refused with 503 until space is freed."
                    : "The Withings receiver store cannot write (see its log): notifications are refused with 503 until it can.",
                data: data);
        }

        data["queue_depth"] = durable.Count;
        data["queue_bytes"] = durable.StoredBytes;
        data["stored"] = durable.StoredCount;
        data["oldest_unprocessed_seconds"] = oldest is { } received
            ? Math.Max(0, (timeProvider.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(received)).TotalSeconds)
            : 0d;
        return Result(Fill(durable.StoredCount, durable.StoredBytes, settings), data, "durable");
    }

    // The built-in queues count what they hold (waiting, being handled, waiting for a retry) against both limits.
    private static double Fill(int held, long heldBytes, WithingsReceiverOptions settings) =>
        Math.Max(held / (double)settings.QueueCapacity, heldBytes / (double)settings.QueueCapacityBytes);

    private static HealthCheckResult Result(double fill, IReadOnlyDictionary<string, object> data, string kind) => fill >= DegradedFill
        ? HealthCheckResult.Degraded($"The Withings receiver queue ({kind}) is {fill:P0} full; at 100 % notifications are refused with 503.", data: data)
        : HealthCheckResult.Healthy($"The Withings receiver queue ({kind}) is {fill:P0} full.", data);
}
