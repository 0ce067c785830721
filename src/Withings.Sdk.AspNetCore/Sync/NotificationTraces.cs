using System.Diagnostics;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The span of the HTTP request that delivered each notification, so that the engine's span can link to it. It
/// travels on the notification (<see cref="ReceivedNotification.RequestTrace"/>): an item read back from a durable
/// store after a restart simply has no link.
/// </summary>
internal sealed class NotificationTraces
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "An instance, so that the engine's wiring stays as it is until the delivery loop reads the trace itself.")]
    public bool TryGet(ReceivedNotification notification, out ActivityContext context)
    {
        if (notification.RequestTrace is { } trace)
        {
            context = trace;
            return true;
        }

        context = default;
        return false;
    }
}
