using Microsoft.Extensions.Configuration;
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
    /// <see cref="IWithingsUserTokenStore"/> (the in-memory default does). Options come from the section
    /// <c>Withings:Reconciler</c> when the container has a configuration, validated at start. Calling it again adds
    /// nothing twice.
    /// </summary>
    /// <param name="builder">The builder from <c>AddWithingsNotifications</c>.</param>
    /// <returns>The builder.</returns>
    public static WithingsBuilder AddSubscriptionReconciler(this WithingsBuilder builder)
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(WithingsSubscriptionReconciler)))
        {
            return builder;
        }

        services.AddOptionsWithValidateOnStart<WithingsReconcilerOptions>();
        ConfigurationSectionBinding.Add<WithingsReconcilerOptions>(services, WithingsReconcilerOptions.SectionName, static (section, options) => section.Bind(options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WithingsReconcilerOptions>, WithingsReconcilerOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WithingsReconcilerOptions>, WithingsReconcilerOptionsCustomValidator>());
        services.AddMetrics();
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

    /// <summary>
    /// Registers the reconciler as <see cref="AddSubscriptionReconciler(WithingsBuilder)"/> does, then changes its
    /// options in code, after configuration binding.
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

        builder.AddSubscriptionReconciler();
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>
    /// Registers the reconciler as <see cref="AddSubscriptionReconciler(WithingsBuilder)"/> does, then binds its
    /// options from <paramref name="section"/> too (after <c>Withings:Reconciler</c>, so its values win).
    /// </summary>
    /// <param name="builder">The builder from <c>AddWithingsNotifications</c>.</param>
    /// <param name="section">The section holding the reconciler's settings.</param>
    /// <returns>The builder.</returns>
    public static WithingsBuilder AddSubscriptionReconciler(this WithingsBuilder builder, IConfigurationSection section)
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        if (section is null)
        {
            throw new ArgumentNullException(nameof(section));
        }

        builder.AddSubscriptionReconciler();
        builder.Services.Configure<WithingsReconcilerOptions>(section);
        return builder;
    }
}
