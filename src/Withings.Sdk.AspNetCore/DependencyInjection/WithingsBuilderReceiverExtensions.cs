using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Caching.Distributed;
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
    /// durable store (a SQLite file, <c>Withings:Receiver:StorePath</c>) holding the queue, the duplicate filter's keys
    /// (over <see cref="IDistributedCache"/> instead when one is registered) and the dead letters, and the background
    /// service that runs your handler. <c>UseInMemoryQueue()</c> keeps everything in memory instead. Calling it again adds nothing twice.
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
            services.AddOptions<WithingsReceiverOptions>().BindConfiguration(WithingsReceiverOptions.SectionName).ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WithingsReceiverOptions>, WithingsReceiverOptionsValidator>());
            services.AddMetrics();
            services.TryAddSingleton(TimeProvider.System);
            ReceiverStoreRegistration.AddDefaults(services);
            services.TryAddSingleton<ReceiverMetrics>();
            services.TryAddSingleton<NotificationEndpoint>();
            services.AddHostedService<NotificationDispatcher>();
        }

        return new WithingsReceiverBuilder(services);
    }

    /// <summary>Registers the webhook receiver and configures it in code, after configuration binding.</summary>
    /// <param name="builder">The builder returned by <c>AddWithingsNotifications</c>.</param>
    /// <param name="configure">Changes to the options.</param>
    /// <returns>A builder to register the handler.</returns>
    public static WithingsReceiverBuilder AddReceiver(this WithingsBuilder builder, Action<WithingsReceiverOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var receiver = builder.AddReceiver();
        receiver.Services.Configure(configure);
        return receiver;
    }

    /// <summary>Registers the webhook receiver with its handler in one call.</summary>
    /// <typeparam name="THandler">The handler that receives every distinct notification and its fetch plan.</typeparam>
    /// <param name="builder">The builder returned by <c>AddWithingsNotifications</c>.</param>
    /// <param name="configure">Changes to the options, if any.</param>
    /// <returns>A builder for further receiver settings.</returns>
    public static WithingsReceiverBuilder AddReceiver<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
        this WithingsBuilder builder,
        Action<WithingsReceiverOptions>? configure = null)
        where THandler : class, IWithingsNotificationHandler
    {
        var receiver = configure is null ? builder.AddReceiver() : builder.AddReceiver(configure);
        return receiver.AddHandler<THandler>();
    }
}
