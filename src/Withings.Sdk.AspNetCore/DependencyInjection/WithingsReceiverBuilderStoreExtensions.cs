using Microsoft.Extensions.DependencyInjection.Extensions;
using Withings.Sdk;
using Withings.Sdk.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses where the receiver keeps acknowledged notifications and users' state.</summary>
public static class WithingsReceiverBuilderStoreExtensions
{
    /// <summary>
    /// Keeps acknowledged notifications, their duplicate keys and the dead letters in memory instead of the SQLite
    /// store (the default): no file, but whatever is held when the process dies is lost. Bounded as the SQLite store
    /// (<see cref="WithingsReceiverOptions.QueueCapacity"/>, <see cref="WithingsReceiverOptions.QueueCapacityBytes"/>,
    /// and as many dead letters apart); what is still held once the host stopped is dead-lettered as
    /// <see cref="WithingsDeadLetterReason.Shutdown"/> and logged. Calling it again does nothing; after <c>UseRedis</c>
    /// it throws, since only one store can be chosen. Users' state (token pairs, time zones, cursors) is then kept in memory too, as with
    /// <see cref="UseInMemoryState"/>, unless a store of your own or <c>UseRedis</c> keeps it. For tests, and for apps
    /// that accept the loss.
    /// </summary>
    /// <param name="builder">The receiver builder.</param>
    /// <returns>The builder.</returns>
    public static WithingsReceiverBuilder UseInMemoryQueue(this WithingsReceiverBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.UseWithingsReceiverStore<InMemoryReceiverStore>("memory");
        builder.Services.TryAddSingleton<InMemoryQueueChoice>();
        return builder;
    }

    /// <summary>
    /// Keeps users' state in memory instead of the receiver's store: token pairs (<see cref="InMemoryWithingsTokenStore"/>),
    /// time zones and cursors (<see cref="InMemoryUserContextStore"/>). All of it is lost when the process ends: every
    /// user must authorize again and every cursor starts over from the lookback. By default the state is kept where the
    /// queue is (tables of the store file, or Redis with <c>UseRedis</c>); a token or context store you register
    /// yourself wins over both. For tests and demos.
    /// </summary>
    /// <param name="builder">The receiver builder.</param>
    /// <returns>The builder.</returns>
    public static WithingsReceiverBuilder UseInMemoryState(this WithingsReceiverBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ReceiverStateRegistration.UseInMemory(builder.Services);
        return builder;
    }
}
