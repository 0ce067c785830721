using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk;

/// <summary>
/// Which receiver store the application chose (<c>UseInMemoryQueue()</c>, <c>UseRedis</c>,
/// <c>UseWithingsReceiverStore</c>); <see langword="null"/> for the receiver's default, SQLite. Choosing the same store
/// again does nothing; choosing another is an error, since one of the two would be silently ignored.
/// </summary>
internal sealed class ReceiverStoreChoice
{
    /// <summary>The receiver's default store, when nothing else was chosen.</summary>
    public const string Sqlite = "sqlite";

    public string? Backend { get; private set; }

    /// <summary>The store in use: the chosen one, or the default.</summary>
    public string Effective => Backend ?? Sqlite;

    /// <summary>The store chosen so far, registered as a singleton that the state defaults read when resolved.</summary>
    public static ReceiverStoreChoice Of(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(ReceiverStoreChoice))?.ImplementationInstance is ReceiverStoreChoice existing)
        {
            return existing;
        }

        var choice = new ReceiverStoreChoice();
        services.AddSingleton(choice);
        return choice;
    }

    /// <summary>Records <paramref name="backend"/> as the chosen store; <see langword="false"/> when it already was.</summary>
    /// <exception cref="InvalidOperationException">Another store was chosen before.</exception>
    public static bool Choose(IServiceCollection services, string backend)
    {
        var choice = Of(services);
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

    private static string Call(string backend) => backend switch
    {
        "memory" => "UseInMemoryQueue()",
        "redis" => "UseRedis(...)",
        _ => "UseWithingsReceiverStore",
    };
}
