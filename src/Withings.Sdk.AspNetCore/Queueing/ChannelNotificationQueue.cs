using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The in-memory queue (<c>UseInMemoryQueue()</c>): a channel, bounded by <see cref="WithingsReceiverOptions.QueueCapacity"/> and
/// <see cref="WithingsReceiverOptions.QueueCapacityBytes"/>. An item counts against both limits from its acknowledgement
/// until <see cref="MarkProcessedAsync"/>: while queued, while handled and while waiting for a retry. Notifications in it
/// are lost if the process dies; on a shutdown cut short, <see cref="TakeLeftovers"/> hands them to the dead-letter sink.
/// </summary>
internal sealed class ChannelNotificationQueue : IWithingsNotificationQueue, IDrainsOwnLeftovers
{
    private readonly Channel<ReceivedNotification> _channel;
    private readonly HashSet<ReceivedNotification> _held = new(ReferenceEqualityComparer.Instance);
    private readonly object _gate = new();
    private readonly int _capacity;
    private readonly long _capacityBytes;
    private long _bytes;

    public ChannelNotificationQueue(IOptions<WithingsReceiverOptions> options)
    {
        var settings = options.Value;
        _capacity = settings.QueueCapacity;
        _capacityBytes = settings.QueueCapacityBytes;

        // Unbounded: the limits above are enforced on everything held, not only on what waits in the channel.
        _channel = Channel.CreateUnbounded<ReceivedNotification>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    }

    /// <summary>The notifications waiting for a handler slot (the queue-depth gauge).</summary>
    public int Count => _channel.Reader.Count;

    /// <summary>The notifications held against the limits: waiting, being handled or waiting for a retry.</summary>
    public int Held
    {
        get
        {
            lock (_gate)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>The body bytes held against <see cref="WithingsReceiverOptions.QueueCapacityBytes"/>.</summary>
    public long HeldBytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    public ValueTask<bool> TryEnqueueAsync(ReceivedNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        lock (_gate)
        {
            // An item larger than the byte limit is still taken into an empty queue, or it would be refused for ever.
            var full = _held.Count >= _capacity || (_held.Count > 0 && _bytes + notification.BodyBytes > _capacityBytes);
            if (full || !_channel.Writer.TryWrite(notification))
            {
                return new(false);
            }

            _held.Add(notification);
            _bytes += notification.BodyBytes;
            return new(true);
        }
    }

    public IAsyncEnumerable<ReceivedNotification> ReadAllAsync(CancellationToken cancellationToken) =>
        _channel.Reader.ReadAllAsync(cancellationToken);

    public ValueTask MarkProcessedAsync(ReceivedNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        lock (_gate)
        {
            if (_held.Remove(notification))
            {
                _bytes -= notification.BodyBytes;
            }
        }

        return ValueTask.CompletedTask;
    }

    public void StopAccepting()
    {
        // Under the gate, so that no enqueue slips in between the check and the write.
        lock (_gate)
        {
            _channel.Writer.TryComplete();
        }
    }

    public IReadOnlyList<ReceivedNotification> TakeLeftovers()
    {
        lock (_gate)
        {
            while (_channel.Reader.TryRead(out _))
            {
            }

            var leftovers = _held.OrderBy(n => n.ReceivedAt).ToList();
            _held.Clear();
            _bytes = 0;
            return leftovers;
        }
    }
}
