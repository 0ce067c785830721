using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Withings.Sdk;
using Withings.Sdk.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the ASP.NET Core webhook receiver to <c>services.AddWithingsNotifications()</c>.</summary>
public static class WithingsBuilderReceiverExtensions
{
    /// <summary>
    /// Registers the webhook receiver: its options (section <c>Withings:Receiver</c>, validated at start), the
    /// receiver store (<see cref="IWithingsReceiverStore"/>; by default a SQLite file, <c>Withings:Receiver:StorePath</c>)
    /// holding the queue, the duplicate keys and the dead letters, users' state (the
    /// token pairs of <see cref="IWithingsTokenStore"/>, encrypted with ASP.NET Core Data Protection, and the sync
    /// engine's time zones and cursors) unless you registered stores of your own, and the background service that runs
    /// your handler. <c>UseInMemoryQueue()</c> keeps everything in memory instead; <c>UseInMemoryState()</c> only the
    /// state. Calling it again adds nothing twice.
    /// Then register a handler with <see cref="WithingsReceiverBuilder.AddHandler{THandler}"/> and map the endpoint
    /// with <c>app.MapWithingsNotifications()</c>.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddWithingsNotifications</c>.</param>
    /// <returns>A builder to register the handler.</returns>
    public static WithingsReceiverBuilder AddReceiver(this WithingsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(NotificationEndpoint)))
        {
            services.AddOptionsWithValidateOnStart<WithingsReceiverOptions>();
            ConfigurationSectionBinding.Add<WithingsReceiverOptions>(services, WithingsReceiverOptions.SectionName, static (section, options) => section.Bind(options));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WithingsReceiverOptions>, WithingsReceiverOptionsValidator>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WithingsReceiverOptions>, WithingsReceiverOptionsCustomValidator>());
            services.AddMetrics();
            services.TryAddSingleton(TimeProvider.System);
            ReceiverStoreRegistration.AddDefaults(services);
            ReceiverStateRegistration.AddDefaults(services);
            // The gauge reads the store when observed, so that the metrics do not depend on the store's type.
            services.TryAddSingleton(static sp => new ReceiverMetrics(
                sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
                () => sp.GetRequiredService<IWithingsReceiverStore>().GetStatus().Waiting));
            services.TryAddSingleton(static sp => new NotificationTrail(sp.GetRequiredService<TimeProvider>()));
            services.TryAddSingleton<NotificationEndpoint>();
            services.TryAddSingleton<DeliveryStore>();
            services.TryAddSingleton<DeliveryLedger>();
            services.TryAddSingleton<IDeliveryStage, HandlerStage>();
            services.AddHostedService<DeliveryLoop>();
            services.AddHostedService<AnySenderWarning>();
        }

        return new WithingsReceiverBuilder(services);
    }

    /// <summary>
    /// Registers the webhook receiver as <see cref="AddReceiver(WithingsBuilder)"/> does, then changes its options in
    /// code, after configuration binding.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddWithingsNotifications</c>.</param>
    /// <param name="configure">Changes to the options.</param>
    /// <returns>A builder to register the handler.</returns>
    public static WithingsReceiverBuilder AddReceiver(this WithingsBuilder builder, Action<WithingsReceiverOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var receiver = builder.AddReceiver();
        receiver.Services.Configure(configure);
        return receiver;
    }

    /// <summary>
    /// Registers the webhook receiver as <see cref="AddReceiver(WithingsBuilder)"/> does, then binds its options from
    /// <paramref name="section"/> too (after <c>Withings:Receiver</c>, so its values win).
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddWithingsNotifications</c>.</param>
    /// <param name="section">The section holding the receiver's settings.</param>
    /// <returns>A builder to register the handler.</returns>
    public static WithingsReceiverBuilder AddReceiver(this WithingsBuilder builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        var receiver = builder.AddReceiver();
        receiver.Services.Configure<WithingsReceiverOptions>(section);
        return receiver;
    }
}
