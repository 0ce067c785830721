namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Wraps the registered queue: the endpoint enqueues inside the incoming request's span, which is recorded here for
/// the engine's links. Everything else passes through.
/// </summary>
internal sealed class TraceCapturingQueue(IWithingsNotificationQueue inner, NotificationTraces traces) : IWithingsNotificationQueue
{
    public IWithingsNotificationQueue Inner => inner;

    /// <summary>
    /// The queue under the wrapper, for the checks that ask which queue is in use (durable store, in-memory leftovers,
    /// health): wrapping must not change their answer.
    /// </summary>
    public static IWithingsNotificationQueue Unwrap(IWithingsNotificationQueue queue) =>
        queue is TraceCapturingQueue wrapper ? wrapper.Inner : queue;

    public int Count => inner.Count;

    public ValueTask<bool> TryEnqueueAsync(ReceivedNotification notification, CancellationToken cancellationToken)
    {
        traces.Capture(notification);
        return inner.TryEnqueueAsync(notification, cancellationToken);
    }

    public IAsyncEnumerable<ReceivedNotification> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);

    public ValueTask MarkProcessedAsync(ReceivedNotification notification, CancellationToken cancellationToken) => inner.MarkProcessedAsync(notification, cancellationToken);

    public void StopAccepting() => inner.StopAccepting();
}
