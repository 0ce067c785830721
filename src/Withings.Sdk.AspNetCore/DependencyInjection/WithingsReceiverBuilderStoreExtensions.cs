using Microsoft.Extensions.DependencyInjection.Extensions;
using Withings.Sdk;
using Withings.Sdk.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses where the receiver keeps acknowledged notifications and users' state.</summary>
public static class WithingsReceiverBuilderStoreExtensions
{
    /// <summary>
    /// Keeps acknowledged notifications in a bounded in-memory channel instead of the durable store (the default):
    /// no file, but whatever is queued when the process dies is lost, as are the duplicate filter's keys; dead letters
    /// are only logged. Users' state (token pairs, time zones, cursors) is then kept in memory too, as with
    /// <see cref="UseInMemoryState"/>, unless a store of your own or <c>UseRedis</c> keeps it. For tests, and for apps
    /// that accept the loss.
    /// </summary>
    /// <param name="builder">The receiver builder.</param>
    /// <returns>The builder.</returns>
    public static WithingsReceiverBuilder UseInMemoryQueue(this WithingsReceiverBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IWithingsNotificationQueue, ChannelNotificationQueue>());
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
