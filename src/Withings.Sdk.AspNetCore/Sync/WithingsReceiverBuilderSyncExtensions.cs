using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Withings.Sdk;
using Withings.Sdk.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the sync engine to the receiver: from notification to typed data in one registration.</summary>
public static class WithingsReceiverBuilderSyncExtensions
{
    /// <summary>
    /// Runs the sync engine instead of a per-notification handler: notifications are collected for
    /// <see cref="WithingsSyncOptions.BatchWindow"/>, planned together with each user's time zone and cursors,
    /// fetched through <see cref="Withings.Sdk.IWithingsDataClient"/> under the shared rate limit, and handed to
    /// <typeparamref name="THandler"/> per user, typed. Options come from the section <c>Withings:Sync</c>, validated
    /// at start. Calling it again only replaces the handler.
    /// </summary>
    /// <typeparam name="THandler">The data handler, resolved from a new scope per user and batch.</typeparam>
    /// <param name="receiver">The builder returned by <c>AddReceiver</c>.</param>
    /// <returns>A builder for the profile-action callback, listeners and the context store.</returns>
    public static WithingsSyncBuilder AddSync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
        this WithingsReceiverBuilder receiver)
        where THandler : class, IWithingsDataHandler
    {
        ArgumentNullException.ThrowIfNull(receiver);
        var services = receiver.Services;
        if (!services.Any(d => d.ServiceType == typeof(SyncRounds)))
        {
            services.AddOptionsWithValidateOnStart<WithingsSyncOptions>();
            ConfigurationSectionBinding.Add<WithingsSyncOptions>(services, WithingsSyncOptions.SectionName, static (section, options) => section.Bind(options));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WithingsSyncOptions>, WithingsSyncOptionsValidator>());
            services.TryAddSingleton<SyncRounds>();

            // The delivery loop runs the sync stage in place of the per-notification handler stage.
            services.Replace(ServiceDescriptor.Singleton<IDeliveryStage, SyncStage>());
        }

        services.Replace(ServiceDescriptor.Scoped<IWithingsDataHandler, THandler>());
        return new WithingsSyncBuilder(services);
    }

    /// <summary>
    /// Runs the sync engine as <see cref="AddSync{THandler}(WithingsReceiverBuilder)"/> does, then changes its options
    /// in code, after configuration binding.
    /// </summary>
    /// <typeparam name="THandler">The data handler, resolved from a new scope per user and batch.</typeparam>
    /// <param name="receiver">The builder returned by <c>AddReceiver</c>.</param>
    /// <param name="configure">Changes to the options.</param>
    /// <returns>A builder for the profile-action callback, listeners and the context store.</returns>
    public static WithingsSyncBuilder AddSync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
        this WithingsReceiverBuilder receiver,
        Action<WithingsSyncOptions> configure)
        where THandler : class, IWithingsDataHandler
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(configure);
        var sync = receiver.AddSync<THandler>();
        sync.Services.Configure(configure);
        return sync;
    }

    /// <summary>
    /// Runs the sync engine as <see cref="AddSync{THandler}(WithingsReceiverBuilder)"/> does, then binds its options
    /// from <paramref name="section"/> too (after <c>Withings:Sync</c>, so its values win).
    /// </summary>
    /// <typeparam name="THandler">The data handler, resolved from a new scope per user and batch.</typeparam>
    /// <param name="receiver">The builder returned by <c>AddReceiver</c>.</param>
    /// <param name="section">The section holding the sync engine's settings.</param>
    /// <returns>A builder for the profile-action callback, listeners and the context store.</returns>
    public static WithingsSyncBuilder AddSync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
        this WithingsReceiverBuilder receiver,
        IConfigurationSection section)
        where THandler : class, IWithingsDataHandler
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(section);
        var sync = receiver.AddSync<THandler>();
        sync.Services.Configure<WithingsSyncOptions>(section);
        return sync;
    }
}
