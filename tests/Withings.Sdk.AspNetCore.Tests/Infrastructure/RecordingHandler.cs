using System.Threading.Channels;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>A handler that records what it is given; tests await the records.</summary>
internal sealed class RecordingHandler : IWithingsNotificationHandler
{
    private readonly Channel<(WithingsNotification Notification, FetchPlan Plan)> _handled = Channel.CreateUnbounded<(WithingsNotification, FetchPlan)>();
    private int _count;

    /// <summary>Runs before recording; may block or throw.</summary>
    public Func<WithingsNotification, CancellationToken, Task>? Before { get; set; }

    public int Count => Volatile.Read(ref _count);

    public async Task HandleAsync(WithingsNotification notification, FetchPlan plan, CancellationToken cancellationToken)
    {
        if (Before is { } before)
        {
            await before(notification, cancellationToken);
        }

        Interlocked.Increment(ref _count);
        _handled.Writer.TryWrite((notification, plan));
    }

    public async Task<(WithingsNotification Notification, FetchPlan Plan)> NextAsync() =>
        await _handled.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Wait);

    public bool TryNext(out (WithingsNotification Notification, FetchPlan Plan) handled) => _handled.Reader.TryRead(out handled);
}
