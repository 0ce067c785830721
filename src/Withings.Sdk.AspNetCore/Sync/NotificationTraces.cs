using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The span of the HTTP request that delivered each queued notification, so that the engine's span can link to it.
/// Keyed by the queue item itself: an item read back from a durable store after a restart is another object, and
/// simply has no link.
/// </summary>
internal sealed class NotificationTraces
{
    private readonly ConditionalWeakTable<ReceivedNotification, StrongBox<ActivityContext>> _contexts = new();

    public void Capture(ReceivedNotification notification)
    {
        if (Activity.Current is { } current)
        {
            _contexts.AddOrUpdate(notification, new StrongBox<ActivityContext>(current.Context));
        }
    }

    public bool TryGet(ReceivedNotification notification, out ActivityContext context)
    {
        if (_contexts.TryGetValue(notification, out var box))
        {
            context = box.Value;
            return true;
        }

        context = default;
        return false;
    }
}
