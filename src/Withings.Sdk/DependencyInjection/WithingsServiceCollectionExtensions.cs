using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Withings.Sdk;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Withings.Sdk in a service collection.</summary>
public static class WithingsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the notification parser, the fetch planner, <see cref="IWithingsDataClient"/> with OAuth
    /// (<see cref="IWithingsOAuthClient"/>, <see cref="WithingsAccessTokenProvider"/>, an in-memory
    /// <see cref="IWithingsTokenStore"/>) and the shared <see cref="WithingsRateLimiter"/>, and
    /// <see cref="WithingsOptions"/> bound from the configuration section <c>Withings</c>. Calling it again adds
    /// nothing twice.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>A builder for further Withings services.</returns>
    public static WithingsBuilder AddWithingsNotifications(this IServiceCollection services)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        services.AddOptions<WithingsOptions>().BindConfiguration(WithingsOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new NotificationParser(sp.GetRequiredService<IOptions<WithingsOptions>>().Value.Parser));
        services.TryAddSingleton(sp => new FetchPlanner(sp.GetRequiredService<IOptionsMonitor<WithingsOptions>>(), sp.GetRequiredService<TimeProvider>()));
        WithingsDataServices.Add(services);
        return new WithingsBuilder(services);
    }

    /// <summary>Registers Withings.Sdk and configures its options in code, after configuration binding.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes to the options.</param>
    /// <returns>A builder for further Withings services.</returns>
    public static WithingsBuilder AddWithingsNotifications(this IServiceCollection services, Action<WithingsOptions> configure)
    {
        if (configure is null)
        {
            throw new ArgumentNullException(nameof(configure));
        }

        var builder = services.AddWithingsNotifications();
        services.Configure(configure);
        return builder;
    }

    /// <summary>Registers Withings.Sdk with options bound from the given configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the Withings settings.</param>
    /// <returns>A builder for further Withings services.</returns>
    public static WithingsBuilder AddWithingsNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration is null)
        {
            throw new ArgumentNullException(nameof(configuration));
        }

        var builder = services.AddWithingsNotifications();
        services.Configure<WithingsOptions>(configuration);
        return builder;
    }
}
