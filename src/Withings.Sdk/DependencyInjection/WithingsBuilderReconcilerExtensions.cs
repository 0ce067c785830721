using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Withings.Sdk;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the subscription reconciler to <c>AddWithingsNotifications</c>.</summary>
public static class WithingsBuilderReconcilerExtensions
{
    /// <summary>
    /// Registers <see cref="WithingsSubscriptionReconciler"/> as a hosted service: every
    /// <see cref="WithingsReconcilerOptions.Interval"/> it ensures <see cref="WithingsReconcilerOptions.Categories"/>
    /// on <see cref="WithingsReconcilerOptions.CallbackUrl"/> for every user of the token store, which must implement
    /// <see cref="IWithingsUserTokenStore"/> (the in-memory default does). Calling it again only adds configuration.
    /// </summary>
    /// <param name="builder">The builder from <c>AddWithingsNotifications</c>.</param>
    /// <param name="configure">Sets the callback URL and the categories (and optionally prune, interval, initial delay).</param>
    /// <returns>The builder.</returns>
    public static WithingsBuilder AddSubscriptionReconciler(this WithingsBuilder builder, Action<WithingsReconcilerOptions> configure)
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        if (configure is null)
        {
            throw new ArgumentNullException(nameof(configure));
        }

        var services = builder.Services;
        services.AddOptions<WithingsReconcilerOptions>().Configure(configure).ValidateOnStart();
        if (services.Any(d => d.ServiceType == typeof(WithingsSubscriptionReconciler)))
        {
            return builder;
        }

        services.AddMetrics();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WithingsReconcilerOptions>, WithingsReconcilerOptionsValidator>());
        services.TryAddSingleton(static sp => new ReconcilerMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton(static sp => new WithingsSubscriptionReconciler(
            sp.GetRequiredService<IWithingsTokenStore>(),
            () => sp.GetRequiredService<IWithingsNotifyClient>(),
            sp.GetRequiredService<IWithingsAccessTokenProvider>(),
            sp.GetRequiredService<IOptionsMonitor<WithingsReconcilerOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ReconcilerMetrics>(),
            (ILogger?)sp.GetService<ILogger<WithingsSubscriptionReconciler>>() ?? NullLogger.Instance));
        services.AddSingleton<IHostedService>(static sp => sp.GetRequiredService<WithingsSubscriptionReconciler>());
        return builder;
    }
}
