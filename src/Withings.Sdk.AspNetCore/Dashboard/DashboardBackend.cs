using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk.AspNetCore;

/// <summary>Which backend holds the queue and the dead letters, in words, from the types registered.</summary>
internal static class DashboardBackend
{
    // By name rather than by type: the Redis package is not referenced here, and wrappers around the queue (tracing)
    // keep the backend's name in the dead-letter store's type.
    public static string Describe(IServiceProvider services)
    {
        var queue = services.GetService<IWithingsNotificationQueue>()?.GetType().Name ?? string.Empty;
        var deadLetters = services.GetService<IWithingsDeadLetterStore>()?.GetType().Name ?? string.Empty;
        if (queue.Contains("Redis", StringComparison.Ordinal) || deadLetters.Contains("Redis", StringComparison.Ordinal))
        {
            return "Redis: the queue, duplicate keys and dead letters are shared by every instance using the same Redis and key prefix";
        }

        if (deadLetters.Contains("Durable", StringComparison.Ordinal))
        {
            return "SQLite file: the queue, duplicate keys and dead letters survive restarts, on this instance";
        }

        return deadLetters.Length > 0
            ? "custom: " + deadLetters
            : "memory: the queue and duplicate keys live in this process only; there is no dead-letter store to replay from";
    }
}
