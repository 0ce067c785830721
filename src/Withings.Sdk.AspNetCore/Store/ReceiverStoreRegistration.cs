using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The receiver store's defaults: the SQLite store unless another was chosen (<see cref="ReceiverStoreChoice"/>), in
/// any order with <c>AddReceiver</c>: a chosen store replaces the <see cref="IWithingsReceiverStore"/> registered here.
/// </summary>
internal static class ReceiverStoreRegistration
{
    public static void AddDefaults(IServiceCollection services)
    {
        services.TryAddSingleton<StoreAvailability>();
        services.TryAddSingleton<ReceiverStore>();
        services.TryAddSingleton<SqliteReceiverStore>();
        services.TryAddSingleton<IWithingsReceiverStore>(static sp => sp.GetRequiredService<SqliteReceiverStore>());
        services.TryAddSingleton<IWithingsDeadLetterStore>(static sp => sp.GetRequiredService<IWithingsReceiverStore>());
        services.TryAddSingleton<DeadLetterWriter>();
    }
}
