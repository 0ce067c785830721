using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The receiver store's registration: the SQLite store unless another was chosen (<c>UseInMemoryQueue()</c>,
/// <c>UseRedis</c>, <c>UseWithingsReceiverStore</c>), in any order with <c>AddReceiver</c>. Choosing the same store
/// again does nothing; choosing another is an error, since one of the two would be silently ignored.
/// </summary>
internal static class ReceiverStoreRegistration
{
    public const string Sqlite = "sqlite";

    public static void AddDefaults(IServiceCollection services)
    {
        Choice(services);
        services.TryAddSingleton<StoreAvailability>();
        services.TryAddSingleton<ReceiverStore>();
        services.TryAddSingleton<SqliteReceiverStore>();
        services.TryAddSingleton<IWithingsReceiverStore>(static sp => sp.GetRequiredService<SqliteReceiverStore>());
        services.TryAddSingleton<IWithingsDeadLetterStore>(static sp => sp.GetRequiredService<IWithingsReceiverStore>());
        services.TryAddSingleton<DeadLetterWriter>();
    }

    /// <summary>Records <paramref name="backend"/> as the chosen store; <see langword="false"/> when it already was.</summary>
    /// <exception cref="InvalidOperationException">Another store was chosen before.</exception>
    public static bool Choose(IServiceCollection services, string backend)
    {
        var choice = Choice(services);
        if (choice.Backend is null)
        {
            choice.Backend = backend;
            return true;
        }

        if (string.Equals(choice.Backend, backend, StringComparison.Ordinal))
        {
            return false;
        }

        throw new InvalidOperationException(
            $"Two Withings receiver stores were chosen: '{choice.Backend}' ({Call(choice.Backend)}) and then '{backend}' ({Call(backend)}). The receiver keeps its queue, duplicate keys and dead letters in one store: call only one of them.");
    }

    /// <summary>The store chosen so far, as a singleton the state defaults read when resolved.</summary>
    public static ReceiverStoreChoice Choice(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(ReceiverStoreChoice))?.ImplementationInstance is ReceiverStoreChoice existing)
        {
            return existing;
        }

        var choice = new ReceiverStoreChoice();
        services.AddSingleton(choice);
        return choice;
    }

    private static string Call(string backend) => backend switch
    {
        "memory" => "UseInMemoryQueue()",
        "redis" => "UseRedis(...)",
        _ => "UseWithingsReceiverStore",
    };
}

/// <summary>Which store the application chose; <see langword="null"/> for the default, SQLite.</summary>
internal sealed class ReceiverStoreChoice
{
    public string? Backend { get; set; }

    /// <summary>The store in use: the chosen one, or the default.</summary>
    public string Effective => Backend ?? ReceiverStoreRegistration.Sqlite;
}
