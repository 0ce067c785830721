using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Withings.Sdk;
using Withings.Sdk.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds backfills to the sync engine: a user's history, fetched in the spare rate-limit budget.</summary>
public static class WithingsSyncBuilderBackfillExtensions
{
    /// <summary>
    /// Registers <see cref="IWithingsBackfill"/> and the background service that runs backfills: every request waits
    /// until no live notification waits, goes to the sync engine's data handler, and its progress is kept where the
    /// receiver keeps its queue (the store file, Redis with <c>UseRedis</c>, memory with <c>UseInMemoryState()</c> or
    /// <c>UseInMemoryQueue()</c>), so that a backfill goes on after a restart. With linking, a user who links is
    /// backfilled over <see cref="WithingsBackfillOptions.Lookback"/> (<see cref="WithingsBackfillOptions.OnLink"/>).
    /// Options come from the section <c>Withings:Sync:Backfill</c>, validated at start. Calling it again adds nothing twice.
    /// </summary>
    /// <param name="sync">The builder returned by <c>AddSync</c>.</param>
    /// <returns>The same builder.</returns>
    public static WithingsSyncBuilder AddBackfill(this WithingsSyncBuilder sync)
    {
        ArgumentNullException.ThrowIfNull(sync);
        var services = sync.Services;
        if (services.Any(d => d.ServiceType == typeof(BackfillRunner)))
        {
            return sync;
        }

        services.AddOptionsWithValidateOnStart<WithingsBackfillOptions>();
        ConfigurationSectionBinding.Add<WithingsBackfillOptions>(services, WithingsBackfillOptions.SectionName, static (section, options) => section.Bind(options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WithingsBackfillOptions>, WithingsBackfillOptionsValidator>());
        services.TryAddSingleton<InMemoryBackfillStore>();
        services.TryAddSingleton<SqliteBackfillStore>();
        services.TryAddSingleton<IWithingsBackfillStore>(static sp => StateDefaults.Resolve<IWithingsBackfillStore>(sp, static s => KeepsNoFile(s)
            ? s.GetRequiredService<InMemoryBackfillStore>()
            : s.GetRequiredService<SqliteBackfillStore>()));
        services.TryAddSingleton<BackfillGate>();
        services.TryAddSingleton<BackfillPlanner>();
        services.TryAddSingleton<BackfillRunner>();
        services.AddHostedService(static sp => sp.GetRequiredService<BackfillRunner>());
        services.TryAddSingleton<IWithingsBackfill, WithingsBackfill>();
        services.TryAddSingleton<BackfillOnLink>();
        return sync;
    }

    /// <summary>
    /// Registers backfills as <see cref="AddBackfill(WithingsSyncBuilder)"/> does, then changes their options in code,
    /// after configuration binding.
    /// </summary>
    /// <param name="sync">The builder returned by <c>AddSync</c>.</param>
    /// <param name="configure">Changes to the options.</param>
    /// <returns>The same builder.</returns>
    public static WithingsSyncBuilder AddBackfill(this WithingsSyncBuilder sync, Action<WithingsBackfillOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(sync);
        ArgumentNullException.ThrowIfNull(configure);
        sync.AddBackfill().Services.Configure(configure);
        return sync;
    }

    /// <summary>Adds a listener told of each backfill's progress and of each user finished, as a singleton.</summary>
    /// <typeparam name="TListener">The listener type.</typeparam>
    /// <param name="sync">The builder returned by <c>AddSync</c>.</param>
    /// <returns>The same builder.</returns>
    public static WithingsSyncBuilder AddBackfillListener<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TListener>(this WithingsSyncBuilder sync)
        where TListener : class, IWithingsBackfillListener
    {
        ArgumentNullException.ThrowIfNull(sync);
        sync.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IWithingsBackfillListener, TListener>());
        return sync;
    }

    // UseInMemoryState() (its keyed stores) or UseInMemoryQueue() (a store that promises no file): jobs in memory too.
    private static bool KeepsNoFile(IServiceProvider services) =>
        services.GetKeyedService<IWithingsUserContextStore>(StateDefaults.InMemoryKey) is not null
        || !services.GetRequiredService<IWithingsReceiverStore>().GetStatus().IsDurable;
}
