using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Withings.Sdk;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Replaces the defaults of <c>AddWithingsNotifications</c>: the token store and the rate limiter.</summary>
public static class WithingsBuilderExtensions
{
    /// <summary>
    /// Keeps users' token pairs in your store instead of the default: in memory (lost at restart) with this package
    /// alone, encrypted in the receiver's store file with <c>AddReceiver</c>, in Redis with <c>UseRedis</c>. Your store
    /// wins over those defaults whenever this is called.
    /// </summary>
    /// <param name="builder">The builder from <c>AddWithingsNotifications</c>.</param>
    /// <param name="factory">Creates the store, once (it is a singleton and must be thread-safe).</param>
    /// <returns>The builder.</returns>
    public static WithingsBuilder UseTokenStore(this WithingsBuilder builder, Func<IServiceProvider, IWithingsTokenStore> factory)
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        if (factory is null)
        {
            throw new ArgumentNullException(nameof(factory));
        }

        builder.Services.Replace(ServiceDescriptor.Singleton(factory));
        return builder;
    }

    /// <summary>
    /// Makes every SDK request wait on your <see cref="RateLimiter"/> instead of the in-process
    /// <see cref="WithingsRateLimiter"/>: for example a distributed limiter shared by every process that sends
    /// requests for the same Withings client id (Withings' 120 requests per minute are per application). Implement
    /// <see cref="IWithingsRateLimitControl"/> on it too for priorities and a hold after status 601 shared by every
    /// process; otherwise the SDK holds this process in front of your limiter, and your limiter's order applies.
    /// </summary>
    /// <param name="builder">The builder from <c>AddWithingsNotifications</c>.</param>
    /// <param name="factory">Creates the limiter, once (it is a singleton). Each request acquires one permit.</param>
    /// <returns>The builder.</returns>
    public static WithingsBuilder UseRateLimiter(this WithingsBuilder builder, Func<IServiceProvider, RateLimiter> factory)
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        if (factory is null)
        {
            throw new ArgumentNullException(nameof(factory));
        }

        var existing = builder.Services
            .Where(d => d.ServiceType == typeof(RateLimiter) && d.IsKeyedService && Equals(d.ServiceKey, WithingsRateLimiter.ServiceKey))
            .ToList();
        foreach (var descriptor in existing)
        {
            builder.Services.Remove(descriptor);
        }

        builder.Services.AddKeyedSingleton(WithingsRateLimiter.ServiceKey, (sp, _) => factory(sp));
        return builder;
    }
}
