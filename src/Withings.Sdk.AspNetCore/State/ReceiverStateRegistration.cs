using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Where users' state (token pairs, time zones and cursors) lives by default once the receiver is added, decided when
/// first resolved: in memory when the application asked (<c>UseInMemoryState()</c>); else in the backend package's
/// stores (Redis with <c>UseRedis</c>); else in memory with <c>UseInMemoryQueue()</c>, which promises no file; else in
/// tables of the receiver's store file. A store the application registers itself always wins.
/// </summary>
internal static class ReceiverStateRegistration
{
    public static void AddDefaults(IServiceCollection services)
    {
        services.TryAddSingleton<SqliteUserContextStore>();
        services.TryAddSingleton(static sp => new SqliteTokenStore(sp.GetRequiredService<ReceiverStore>(), sp));
        services.TryAddSingleton<InMemoryUserContextStore>();
        services.TryAddSingleton<InMemoryWithingsTokenStore>();
        services.TryAddSingleton<IWithingsUserContextStore>(static sp => StateDefaults.Resolve<IWithingsUserContextStore>(
            sp,
            static s => KeepsNoFile(s) ? s.GetRequiredService<InMemoryUserContextStore>() : s.GetRequiredService<SqliteUserContextStore>()));
        StateDefaults.ReplaceDefaultTokenStore(services, static sp => StateDefaults.Resolve<IWithingsTokenStore>(
            sp,
            static s => KeepsNoFile(s) ? s.GetRequiredService<InMemoryWithingsTokenStore>() : s.GetRequiredService<SqliteTokenStore>()));
    }

    /// <summary>Keeps users' state in memory: <c>UseInMemoryState()</c>.</summary>
    public static void UseInMemory(IServiceCollection services)
    {
        services.TryAddKeyedSingleton<IWithingsUserContextStore, InMemoryUserContextStore>(StateDefaults.InMemoryKey);
        services.TryAddKeyedSingleton<IWithingsTokenStore, InMemoryWithingsTokenStore>(StateDefaults.InMemoryKey);
    }

    private static bool KeepsNoFile(IServiceProvider services) =>
        services.GetService<InMemoryQueueChoice>() is not null;
}
