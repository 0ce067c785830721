using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk;

/// <summary>
/// How the receiver's packages agree on where users' state (token pairs, time zones, cursors) lives by default,
/// without public API between them. A backend package registers its stores as keyed services under
/// <see cref="BackendKey"/>; <c>UseInMemoryState()</c> registers in-memory ones under <see cref="InMemoryKey"/>; the
/// unkeyed registration the application resolves picks, when first resolved, in-memory if asked, else the backend's,
/// else its fallback. An application's own store replaces that unkeyed registration, so it always wins. Compiled into
/// each package.
/// </summary>
internal static class StateDefaults
{
    /// <summary>The key of the state stores of the backend in use (Redis with <c>UseRedis</c>).</summary>
    public const string BackendKey = "Withings.Sdk.State.Backend";

    /// <summary>The key of the in-memory state stores, registered when the application asks for them.</summary>
    public const string InMemoryKey = "Withings.Sdk.State.InMemory";

    /// <summary>The store to use: in memory when asked, else the backend's, else <paramref name="fallback"/>.</summary>
    public static T Resolve<T>(IServiceProvider services, Func<IServiceProvider, T> fallback)
        where T : class =>
        services.GetKeyedService<T>(InMemoryKey) ?? services.GetKeyedService<T>(BackendKey) ?? fallback(services);

    /// <summary>
    /// Registers <paramref name="factory"/> as the token store unless the application registered one of its own: only
    /// the core package's default (<see cref="InMemoryWithingsTokenStore"/> by type) is replaced.
    /// </summary>
    public static void ReplaceDefaultTokenStore(IServiceCollection services, Func<IServiceProvider, IWithingsTokenStore> factory)
    {
        var current = services.LastOrDefault(d => d.ServiceType == typeof(IWithingsTokenStore) && !d.IsKeyedService);
        if (current is not null && current.ImplementationType != typeof(InMemoryWithingsTokenStore))
        {
            return;
        }

        if (current is not null)
        {
            services.Remove(current);
        }

        services.AddSingleton(factory);
    }
}
