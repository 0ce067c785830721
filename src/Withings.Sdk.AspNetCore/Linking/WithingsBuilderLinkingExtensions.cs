using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Withings.Sdk;
using Withings.Sdk.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds user linking (Withings OAuth from your signed-in user to a saved token pair) to <c>services.AddWithingsNotifications()</c>.</summary>
public static class WithingsBuilderLinkingExtensions
{
    /// <summary>
    /// Registers user linking: its options (section <c>Withings:Linking</c>, validated at start together with
    /// <c>Withings:ClientId</c> and <c>Withings:ClientSecret</c>), ASP.NET Core Data Protection (which seals each link's
    /// state), and the endpoints' services. Then register what happens once a user is linked with
    /// <see cref="WithingsLinkingBuilder.OnUserLinked{THandler}"/> and map the endpoints with
    /// <c>app.MapWithingsLinking()</c>. Calling it again adds nothing twice.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddWithingsNotifications</c>.</param>
    /// <returns>A builder to register the <c>OnUserLinked</c> handler and, optionally, how the signed-in user is known.</returns>
    /// <remarks>
    /// Each state is usable once: used states are remembered in memory, or in the registered
    /// <see cref="IDistributedCache"/> so that every instance of the application refuses a replay. Several instances
    /// also need one Data Protection key ring (<c>PersistKeysTo…</c>), as for ASP.NET Core's own cookies.
    /// </remarks>
    public static WithingsLinkingBuilder AddLinking(this WithingsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(LinkingEndpoints)))
        {
            services.AddOptionsWithValidateOnStart<WithingsLinkingOptions>();
            ConfigurationSectionBinding.Add<WithingsLinkingOptions>(services, WithingsLinkingOptions.SectionName, static (section, options) => section.Bind(options));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WithingsLinkingOptions>, WithingsLinkingOptionsValidator>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WithingsLinkingOptions>, WithingsLinkingOptionsCustomValidator>());
            services.AddDataProtection();
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton(LinkUserKey.Default);
            services.TryAddSingleton<LinkStateProtector>();
            services.TryAddSingleton(static sp => new UsedLinkStates(sp.GetService<IDistributedCache>(), sp.GetRequiredService<TimeProvider>()));
            services.TryAddSingleton<LinkingEndpoints>();
        }

        return new WithingsLinkingBuilder(services);
    }

    /// <summary>
    /// Registers user linking as <see cref="AddLinking(WithingsBuilder)"/> does, then changes its options in code,
    /// after configuration binding.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddWithingsNotifications</c>.</param>
    /// <param name="configure">Changes to the options.</param>
    /// <returns>A builder to register the <c>OnUserLinked</c> handler.</returns>
    public static WithingsLinkingBuilder AddLinking(this WithingsBuilder builder, Action<WithingsLinkingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var linking = builder.AddLinking();
        linking.Services.Configure(configure);
        return linking;
    }

    /// <summary>
    /// Registers user linking as <see cref="AddLinking(WithingsBuilder)"/> does, then binds its options from
    /// <paramref name="section"/> too (after <c>Withings:Linking</c>, so its values win).
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddWithingsNotifications</c>.</param>
    /// <param name="section">The section holding the linking settings.</param>
    /// <returns>A builder to register the <c>OnUserLinked</c> handler.</returns>
    public static WithingsLinkingBuilder AddLinking(this WithingsBuilder builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        var linking = builder.AddLinking();
        linking.Services.Configure<WithingsLinkingOptions>(section);
        return linking;
    }
}
