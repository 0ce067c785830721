using Microsoft.Extensions.DependencyInjection.Extensions;
using Withings.Sdk.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses where the receiver keeps acknowledged notifications.</summary>
public static class WithingsReceiverBuilderStoreExtensions
{
    /// <summary>
    /// Keeps acknowledged notifications in a bounded in-memory channel instead of the durable store (the default):
    /// no file, but whatever is queued when the process dies is lost, as are the duplicate filter's keys; dead letters
    /// are only logged. For tests, and for apps that accept the loss.
    /// </summary>
    /// <param name="builder">The receiver builder.</param>
    /// <returns>The builder.</returns>
    public static WithingsReceiverBuilder UseInMemoryQueue(this WithingsReceiverBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IWithingsNotificationQueue, ChannelNotificationQueue>());
        return builder;
    }
}
