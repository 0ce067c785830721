using Microsoft.Extensions.Diagnostics.HealthChecks;
using Withings.Sdk.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Withings receiver's health check to <c>services.AddHealthChecks()</c>.</summary>
public static class WithingsReceiverHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a check of the Withings receiver: its store answers (unhealthy otherwise) and its queue is below 80 % of
    /// both limits (degraded otherwise). The result's data holds the store, the queue depth against its limits and
    /// the age of the oldest unprocessed notification.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddHealthChecks</c>.</param>
    /// <param name="name">
    /// The check's name. Default <c>withings-receiver</c>: the SDK's checks are named <c>withings-</c> and the part they
    /// check, lower case with hyphens (<c>withings-redis</c> too), as the common health-check libraries name theirs.
    /// </param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddWithingsReceiver(this IHealthChecksBuilder builder, string name = "withings-receiver")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return builder.AddCheck<WithingsReceiverHealthCheck>(name, failureStatus: HealthStatus.Unhealthy, tags: ["withings", "ready"]);
    }
}
