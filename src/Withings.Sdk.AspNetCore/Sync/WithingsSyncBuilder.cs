using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Withings.Sdk.AspNetCore;

/// <summary>Returned by <c>AddSync</c>: registers the profile-action callback, a batch listener or your own context store.</summary>
public sealed class WithingsSyncBuilder
{
    internal WithingsSyncBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Registers the callback for appli 46 (unlink, delete, update), resolved from a new scope each time.</summary>
    /// <typeparam name="THandler">The callback type.</typeparam>
    /// <returns>This builder.</returns>
    public WithingsSyncBuilder AddProfileActionHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>()
        where THandler : class, IWithingsProfileActionHandler
    {
        Services.Replace(ServiceDescriptor.Scoped<IWithingsProfileActionHandler, THandler>());
        return this;
    }

    /// <summary>Adds a listener told after each batch, as a singleton.</summary>
    /// <typeparam name="TListener">The listener type.</typeparam>
    /// <returns>This builder.</returns>
    public WithingsSyncBuilder AddListener<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TListener>()
        where TListener : class, IWithingsSyncListener
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IWithingsSyncListener, TListener>());
        return this;
    }

    /// <summary>Replaces the default user-context store (tables of the receiver's store, or Redis with <c>UseRedis</c>) with your own, as a singleton.</summary>
    /// <typeparam name="TStore">The store type.</typeparam>
    /// <returns>This builder.</returns>
    public WithingsSyncBuilder UseUserContextStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>()
        where TStore : class, IWithingsUserContextStore
    {
        Services.Replace(ServiceDescriptor.Singleton<IWithingsUserContextStore, TStore>());
        return this;
    }
}
