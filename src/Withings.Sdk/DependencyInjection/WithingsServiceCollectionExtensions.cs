using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Withings.Sdk;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Withings.Sdk in a service collection.</summary>
public static class WithingsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the notification parser, the fetch planner, the Notify client (<see cref="IWithingsNotifyClient"/>),
    /// the data client (<see cref="IWithingsDataClient"/>) with OAuth (<see cref="IWithingsOAuthClient"/>,
    /// <see cref="IWithingsAccessTokenProvider"/>, an in-memory <see cref="IWithingsTokenStore"/> that the receiver or Redis package replaces with a durable one), the
    /// application-wide <see cref="WithingsRateLimiter"/> every request waits on, and <see cref="WithingsOptions"/>
    /// bound from the configuration section <c>Withings</c> and validated at start. Calling it again adds nothing twice.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>A builder for further Withings services and for the <see cref="HttpClient"/>'s handlers.</returns>
    public static WithingsBuilder AddWithingsNotifications(this IServiceCollection services)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(WithingsRegistration))?.ImplementationInstance as WithingsRegistration;
        if (existing is not null)
        {
            return new WithingsBuilder(services, existing.HttpClientBuilder);
        }

        AddOptions(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new NotificationParser(sp.GetRequiredService<IOptions<WithingsOptions>>().Value.Parser));
        services.TryAddSingleton(sp => new FetchPlanner(sp.GetRequiredService<IOptionsMonitor<WithingsOptions>>(), sp.GetRequiredService<TimeProvider>(), optionsValidated: true));
        var httpClientBuilder = AddHttpClient(services);
        AddNotifyClient(httpClientBuilder);
        WithingsDataServices.Add(httpClientBuilder);

        services.AddSingleton(new WithingsRegistration(httpClientBuilder));
        return new WithingsBuilder(services, httpClientBuilder);
    }

    /// <summary>
    /// Registers Withings.Sdk as <see cref="AddWithingsNotifications(IServiceCollection)"/> does, then changes its
    /// options in code, after configuration binding.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes to the options.</param>
    /// <returns>A builder for further Withings services.</returns>
    public static WithingsBuilder AddWithingsNotifications(this IServiceCollection services, Action<WithingsOptions> configure)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (configure is null)
        {
            throw new ArgumentNullException(nameof(configure));
        }

        var builder = services.AddWithingsNotifications();
        services.Configure(configure);
        return builder;
    }

    /// <summary>
    /// Registers Withings.Sdk as <see cref="AddWithingsNotifications(IServiceCollection)"/> does, then binds its
    /// options from <paramref name="section"/> too (after the <c>Withings</c> section, so its values win).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The section holding the Withings settings.</param>
    /// <returns>A builder for further Withings services.</returns>
    public static WithingsBuilder AddWithingsNotifications(this IServiceCollection services, IConfigurationSection section)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (section is null)
        {
            throw new ArgumentNullException(nameof(section));
        }

        var builder = services.AddWithingsNotifications();
        services.Configure<WithingsOptions>(section);
        return builder;
    }

    private static void AddOptions(IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<WithingsOptions>();
        ConfigurationSectionBinding.Add<WithingsOptions>(services, WithingsOptions.SectionName, static (section, options) => section.Bind(options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WithingsOptions>, WithingsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WithingsOptions>, WithingsOptionsCustomValidator>());
    }

    // One named client for every Withings API client, so that handlers added once apply to all of them.
    private static IHttpClientBuilder AddHttpClient(IServiceCollection services) =>
        services.AddHttpClient(WithingsBuilder.HttpClientName)
            .ConfigureHttpClient((sp, client) => client.BaseAddress = sp.GetRequiredService<IOptionsMonitor<WithingsOptions>>().CurrentValue.ApiBaseAddress);

    private static void AddNotifyClient(IHttpClientBuilder httpClientBuilder)
    {
        httpClientBuilder.AddTypedClient((httpClient, sp) => new WithingsNotifyClient(
            httpClient,
            sp.GetRequiredService<IOptionsMonitor<WithingsOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<WithingsNotifyClient>>()));
        httpClientBuilder.Services.TryAddTransient<IWithingsNotifyClient>(sp => sp.GetRequiredService<WithingsNotifyClient>());
    }
}
