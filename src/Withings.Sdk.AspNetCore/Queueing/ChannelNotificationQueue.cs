using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>The in-memory queue (<c>UseInMemoryQueue()</c>): a bounded channel. Notifications in it are lost if the process dies.</summary>
internal sealed class ChannelNotificationQueue : IWithingsNotificationQueue
{
    private readonly Channel<ReceivedNotification> _channel;

    public ChannelNotificationQueue(IOptions<WithingsReceiverOptions> options)
    {
        var settings = options.Value;
        _channel = Channel.CreateBounded<ReceivedNotification>(new BoundedChannelOptions(settings.QueueCapacity)
        {
            // Full means "answer 503": TryWrite fails instead of waiting.
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = settings.HandlerConcurrency == 1,
            SingleWriter = false,
        });
    }

    public int Count => _channel.Reader.Count;

    public ValueTask<bool> TryEnqueueAsync(ReceivedNotification notification, CancellationToken cancellationToken) =>
        new(_channel.Writer.TryWrite(notification));

    public IAsyncEnumerable<ReceivedNotification> ReadAllAsync(CancellationToken cancellationToken) =>
        _channel.Reader.ReadAllAsync(cancellationToken);

    public ValueTask MarkProcessedAsync(ReceivedNotification notification, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public void StopAccepting() => _channel.Writer.TryComplete();
}
