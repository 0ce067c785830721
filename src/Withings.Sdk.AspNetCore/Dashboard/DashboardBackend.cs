namespace Withings.Sdk.AspNetCore;

/// <summary>Which backend holds the queue and the dead letters, in words, from the store's own status.</summary>
internal static class DashboardBackend
{
    public static string Describe(WithingsStoreStatus status) => status.Backend switch
    {
        "redis" => "Redis: the queue, duplicate keys and dead letters are shared by every instance using the same Redis and key prefix",
        "sqlite" => "SQLite file: the queue, duplicate keys and dead letters survive restarts, on this instance",
        "memory" => "memory: the queue, duplicate keys and dead letters live in this process only and are lost when it ends",
        var other => "custom: " + other + (status.IsDurable ? " (durable)" : " (in memory)"),
    };
}
