using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The receiver's health, from its store's <see cref="IWithingsReceiverStore.CheckAsync"/>: unhealthy when the store
/// cannot store notifications (a full disk, Redis unreachable), with its reason; degraded when the store says so,
/// from 80 % of either queue limit on (at 100 % Withings gets <c>503</c> and retries later), or when the oldest
/// notification has waited <see cref="WithingsReceiverOptions.BehindAfter"/> or longer ("behind": the consumer does not
/// keep up; the backlog's age and size say by how much).
/// </summary>
internal sealed class WithingsReceiverHealthCheck(IWithingsReceiverStore store, IOptions<WithingsReceiverOptions> options) : IHealthCheck
{
    private const double DegradedFill = 0.8;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var status = await store.CheckAsync(cancellationToken).ConfigureAwait(false);
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["store"] = status.Location ?? status.Backend,
            ["store_backend"] = status.Backend,
            ["store_durable"] = status.IsDurable,
            ["store_condition"] = status.Condition switch
            {
                WithingsStoreCondition.Unavailable => "unavailable",
                WithingsStoreCondition.Degraded => "degraded",
                _ => "healthy",
            },
            ["queue_capacity"] = settings.QueueCapacity,
            ["queue_capacity_bytes"] = settings.QueueCapacityBytes,
            ["queue_depth"] = status.Waiting,
            ["stored"] = status.Held,
            ["queue_bytes"] = status.HeldBytes,
            ["oldest_unprocessed_seconds"] = status.OldestAge?.TotalSeconds ?? 0d,
            ["behind"] = status.OldestAge >= settings.BehindAfter,
            ["behind_after_seconds"] = settings.BehindAfter.TotalSeconds,
        };
        if (status.Reason is { } reason)
        {
            data["store_reason"] = reason;
        }

        if (status.Condition == WithingsStoreCondition.Unavailable)
        {
            return HealthCheckResult.Unhealthy(status.Reason ?? $"The Withings receiver store ({status.Backend}) cannot store notifications: they are refused with 503.", data: data);
        }

        // The stores count what they hold (waiting, being handled, waiting for a retry) against both limits.
        var fill = Math.Max(status.Held / (double)settings.QueueCapacity, status.HeldBytes / (double)settings.QueueCapacityBytes);
        if (fill >= DegradedFill)
        {
            return HealthCheckResult.Degraded($"The Withings receiver queue ({status.Backend}) is {fill:P0} full; at 100 % notifications are refused with 503.", data: data);
        }

        if (status.OldestAge is { } age && age >= settings.BehindAfter)
        {
            return HealthCheckResult.Degraded(
                string.Create(CultureInfo.InvariantCulture, $"The Withings receiver ({status.Backend}) is behind: the oldest of {status.Held} notifications has waited {age.TotalMinutes:0.#} minutes (Withings:Receiver:BehindAfter is {settings.BehindAfter.TotalMinutes:0.#}); nothing is dropped, the backlog waits in the store."),
                data: data);
        }

        return status.Condition == WithingsStoreCondition.Degraded
            ? HealthCheckResult.Degraded(status.Reason ?? $"The Withings receiver store ({status.Backend}) is degraded.", data: data)
            : HealthCheckResult.Healthy($"The Withings receiver queue ({status.Backend}) is {fill:P0} full.", data);
    }
}
