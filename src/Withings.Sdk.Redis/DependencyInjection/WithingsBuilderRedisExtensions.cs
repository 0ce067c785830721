using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Withings.Sdk;
using Withings.Sdk.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Runs several instances of a Withings application against one Redis.</summary>
public static class WithingsBuilderRedisExtensions
{
    /// <summary>
    /// Moves to Redis, for every instance that uses the same Redis and <see cref="WithingsRedisOptions.KeyPrefix"/>:
    /// the receiver store (<c>IWithingsReceiverStore</c>: the queue, the duplicate keys and the dead letters, also as
    /// <c>IWithingsDeadLetterStore</c>), the application-wide rate limit, the per-user refresh lock and users' state:
    /// token pairs, encrypted, and the sync engine's time zones and cursors, unless you registered stores of your own
    /// (or only the <paramref name="features"/> named). Also registers the health check <c>withings-redis</c>, once.
    /// Call it before or after <c>AddReceiver</c>; calling it again adds nothing twice, and choosing another receiver
    /// store as well (<c>UseInMemoryQueue()</c>) throws. Settings: section <c>Withings:Redis</c>.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddWithingsNotifications</c>.</param>
    /// <param name="connectionString">The StackExchange.Redis configuration string, for example <c>127.0.0.1:6379</c>.</param>
    /// <param name="features">What to move to Redis; all four by default.</param>
    /// <param name="configure">Changes to the Redis settings, after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static WithingsBuilder UseRedis(
        this WithingsBuilder builder,
        string connectionString,
        WithingsRedisFeatures features = WithingsRedisFeatures.All,
        Action<WithingsRedisOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var services = builder.Services;
        var first = !services.Any(static d => d.ServiceType == typeof(RedisConnection));
        var options = services.AddOptionsWithValidateOnStart<WithingsRedisOptions>();
        ConfigurationSectionBinding.Add<WithingsRedisOptions>(services, WithingsRedisOptions.SectionName, static (section, o) => section.Bind(o));
        options.Configure(o => o.ConnectionString = connectionString);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WithingsRedisOptions>, WithingsRedisOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WithingsRedisOptions>, WithingsRedisOptionsCustomValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RedisConnection>();
        if (first)
        {
            // Once: a second check of the same name would fail every health request.
            services.AddHealthChecks().AddCheck<RedisHealthCheck>("withings-redis", tags: ["withings", "redis"]);
        }

        if (features.HasFlag(WithingsRedisFeatures.ReceiverStore))
        {
            services.UseWithingsReceiverStore<RedisReceiverStore>("redis");
        }

        if (features.HasFlag(WithingsRedisFeatures.RateLimiter))
        {
            builder.UseRateLimiter(static sp => new RedisRateLimiter(
                sp.GetRequiredService<RedisConnection>(),
                sp.GetRequiredService<IOptions<WithingsOptions>>().Value.RateLimit,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILogger<RedisRateLimiter>>() ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<RedisRateLimiter>.Instance));
        }

        if (features.HasFlag(WithingsRedisFeatures.RefreshLock))
        {
            services.Replace(ServiceDescriptor.Singleton<IWithingsRefreshLock, RedisRefreshLock>());
        }

        if (features.HasFlag(WithingsRedisFeatures.State))
        {
            // Keyed: the unkeyed registrations pick them unless the application registered stores of its own.
            services.TryAddSingleton<RedisUserContextStore>();
            services.TryAddSingleton(static sp => new RedisTokenStore(sp.GetRequiredService<RedisConnection>(), sp));
            services.TryAddKeyedSingleton<IWithingsUserContextStore>(StateDefaults.BackendKey, static (sp, _) => sp.GetRequiredService<RedisUserContextStore>());
            services.TryAddKeyedSingleton<IWithingsTokenStore>(StateDefaults.BackendKey, static (sp, _) => sp.GetRequiredService<RedisTokenStore>());
            services.TryAddKeyedSingleton<IWithingsBackfillStore>(StateDefaults.BackendKey, static (sp, _) => new RedisBackfillStore(sp.GetRequiredService<RedisConnection>()));

            // Without the receiver (an application that only authorizes users, say), the pairs still go to Redis.
            StateDefaults.ReplaceDefaultTokenStore(services, static sp => StateDefaults.Resolve<IWithingsTokenStore>(sp, static s => s.GetRequiredService<InMemoryWithingsTokenStore>()));
            services.TryAddSingleton<InMemoryWithingsTokenStore>();
        }

        return builder;
    }
}
