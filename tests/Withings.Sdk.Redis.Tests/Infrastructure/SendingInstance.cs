using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.Redis.Tests;

/// <summary>
/// One application instance that sends Withings requests (fetch plans, token refreshes) against the loopback
/// look-alike, sharing Redis (and, as a database would be, the token store) with the others.
/// </summary>
internal static class SendingInstance
{
    public const string ClientId = "7573fd4a4c421ddd102dac406dc6e0e0e22f683c4a5e81ff0a5caf8b65abed67";
    public const string ClientSecret = "d9286311451fc6ed71b372a075c58c5058be158f56a77865e43ab3783255424f";

    /// <param name="window">When set, the shared limiter's window is scaled down to it (tests only).</param>
    /// <param name="time">The instance's clock; the system clock when <see langword="null"/>.</param>
    /// <param name="logs">Receives the instance's logs, Debug level included.</param>
    public static ServiceProvider Create(Uri api, RedisServer redis, string prefix, IWithingsTokenStore tokens, WithingsRedisFeatures features, WithingsRateLimitOptions? rate = null, TimeSpan? window = null, TimeProvider? time = null, ILoggerProvider? logs = null)
    {
        var services = new ServiceCollection();
        if (time is not null)
        {
            // Before AddWithingsNotifications, which only adds the system clock when none is registered.
            services.AddSingleton(time);
        }

        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Withings:ApiBaseAddress"] = api.AbsoluteUri,
            ["Withings:ClientId"] = ClientId,
            ["Withings:ClientSecret"] = ClientSecret,
            ["Withings:Retry:MaxAttempts"] = "1",
        }).Build());
        services.AddLogging(b =>
        {
            if (logs is not null)
            {
                b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
            }
        });
        var builder = services.AddWithingsNotifications()
            .UseTokenStore(_ => tokens)
            .UseRedis(redis.Endpoint, features, o => o.KeyPrefix = prefix);
        if (rate is not null)
        {
            services.Configure<WithingsOptions>(o => o.RateLimit = rate);
        }

        if (window is { } scaled)
        {
            builder.UseRateLimiter(sp => new RedisRateLimiter(
                sp.GetRequiredService<RedisConnection>(),
                sp.GetRequiredService<IOptions<WithingsOptions>>().Value.RateLimit,
                TimeProvider.System,
                NullLogger<RedisRateLimiter>.Instance,
                scaled));
        }

        return services.BuildServiceProvider();
    }
}
