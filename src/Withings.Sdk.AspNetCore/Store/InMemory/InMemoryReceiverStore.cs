using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The in-memory store (<c>UseInMemoryQueue()</c>): a channel, the duplicate keys and the dead letters, under one lock,
/// bounded by <see cref="WithingsReceiverOptions.QueueCapacity"/> and <see cref="WithingsReceiverOptions.QueueCapacityBytes"/>
/// (the dead letters by the same limits, apart). Everything in it is lost when the process ends: once the host has
/// stopped, what is still held (waiting, being handled, waiting for a retry) is dead-lettered as
/// <see cref="WithingsDeadLetterReason.Shutdown"/>, with the usual warning, so that the log keeps a trace of each.
/// </summary>
internal sealed class InMemoryReceiverStore : IWithingsReceiverStore
{
    private const string Backend = "memory";
    private const string ShutdownError = "The host stopped before the notification was handled.";

    private readonly Channel<ReceivedNotification> _channel = Channel.CreateUnbounded<ReceivedNotification>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private readonly HashSet<ReceivedNotification> _held = new(ReferenceEqualityComparer.Instance);
    private readonly List<WithingsStoredDeadLetter> _deadLetters = [];
    private readonly DuplicateKeys _keys;
    private readonly object _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly NotificationParser _parser;
    private readonly ReceiverMetrics? _metrics;
    private readonly ILogger _logger;
    private readonly int _capacity;
    private readonly long _capacityBytes;
    private long _bytes;
    private long _deadLetterBytes;
    private long _nextDeadLetterId;
    private bool _accepting = true;

    public InMemoryReceiverStore(
        IOptions<WithingsReceiverOptions> options,
        NotificationParser parser,
        TimeProvider timeProvider,
        ILogger<InMemoryReceiverStore> logger,
        IHostApplicationLifetime? lifetime = null,
        ReceiverMetrics? metrics = null)
    {
        var settings = options.Value;
        _capacity = settings.QueueCapacity;
        _capacityBytes = settings.QueueCapacityBytes;
        _keys = new DuplicateKeys(options, timeProvider);
        _timeProvider = timeProvider;
        _parser = parser;
        _metrics = metrics;
        _logger = logger;

        // After every hosted service stopped: the consumers have drained what they could, or were cut by the deadline.
        lifetime?.ApplicationStopped.Register(static state => ((InMemoryReceiverStore)state!).DeadLetterLeftovers(), this);
    }

    public ValueTask<WithingsAcceptResult> AcceptAsync(ReceivedNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var key = notification.DuplicateKey;
        lock (_gate)
        {
            if (key is not null && !_keys.TryReserve(key))
            {
                return new(WithingsAcceptResult.Duplicate);
            }

            var result = !_accepting ? WithingsAcceptResult.Stopping
                : !HasRoom(_held.Count, _bytes, 1, notification.BodyBytes) ? WithingsAcceptResult.Full
                : WithingsAcceptResult.Accepted;
            if (result != WithingsAcceptResult.Accepted)
            {
                // Not stored: forget the key, or Withings' retry would be taken for a duplicate and lost.
                if (key is not null)
                {
                    _keys.Release(key);
                }

                return new(result);
            }

            Hold(notification);
            return new(WithingsAcceptResult.Accepted);
        }
    }

    public async IAsyncEnumerable<ReceivedNotification> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in _channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (item.IsRepeatable)
            {
                // Handed out: the same window-less body from now on is new data (RepeatableNotifications).
                _keys.Release(item.DuplicateKey!);
            }

            yield return item;
        }
    }

    public ValueTask CompleteAsync(ReceivedNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        lock (_gate)
        {
            Release(notification);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DeadLetterAsync(ReceivedNotification notification, WithingsDeadLetterReason reason, string description, int attempts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(description);
        var error = description;
        lock (_gate)
        {
            Release(notification);
            AddDeadLetter(notification, reason, error, attempts);
        }

        return ValueTask.CompletedTask;
    }

    public void StopAccepting()
    {
        // Under the gate, so that no accept slips in between its check and its write.
        lock (_gate)
        {
            _accepting = false;
            _channel.Writer.TryComplete();
        }
    }

    public WithingsStoreStatus GetStatus()
    {
        lock (_gate)
        {
            TimeSpan? oldest = _held.Count == 0 ? null : _timeProvider.GetUtcNow() - _held.Min(n => n.ReceivedAt);
            return new WithingsStoreStatus(Backend, IsDurable: false, Location: null, WithingsStoreCondition.Healthy, null, _channel.Reader.Count, _held.Count, _bytes, oldest);
        }
    }

    public ValueTask<WithingsStoreStatus> CheckAsync(CancellationToken cancellationToken) => new(GetStatus());

    public ValueTask<IReadOnlyList<WithingsStoredDeadLetter>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return new([.. _deadLetters]);
        }
    }

    public ValueTask<int> ReplayAsync(long? id, CancellationToken cancellationToken)
    {
        var replayed = 0;
        lock (_gate)
        {
            // As far as the queue has room: the rest stay dead letters, to be replayed later.
            foreach (var letter in _deadLetters.Where(d => id is null || d.Id == id).ToList())
            {
                var bytes = Encoding.UTF8.GetByteCount(letter.Body);
                if (!_accepting || !HasRoom(_held.Count, _bytes, 1, bytes))
                {
                    break;
                }

                _deadLetters.Remove(letter);
                _deadLetterBytes -= bytes;
                Hold(ReceivedNotification.FromStored(_parser, letter.Body, letter.ReceivedAt, bytes));
                replayed++;
            }
        }

        return new(replayed);
    }

    public ValueTask<int> PurgeAsync(long? id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var purged = _deadLetters.RemoveAll(d => id is null || d.Id == id);
            _deadLetterBytes = _deadLetters.Sum(d => (long)Encoding.UTF8.GetByteCount(d.Body));
            return new(purged);
        }
    }

    // Under _gate. A single body larger than the byte limit still enters an empty store, or it would be refused for ever.
    private bool HasRoom(int count, long bytes, int more, long moreBytes) =>
        count + more <= _capacity && (bytes + moreBytes <= _capacityBytes || (count == 0 && more == 1));

    // Under _gate.
    private void Hold(ReceivedNotification notification)
    {
        _held.Add(notification);
        _bytes += notification.BodyBytes;
        _channel.Writer.TryWrite(notification);
    }

    // Under _gate.
    private void Release(ReceivedNotification notification)
    {
        if (_held.Remove(notification))
        {
            _bytes -= notification.BodyBytes;
        }
    }

    // Under _gate. Bounded as the SQLite store's: past the limits a dead letter is only logged.
    private void AddDeadLetter(ReceivedNotification notification, WithingsDeadLetterReason reason, string error, int attempts)
    {
        var bytes = Encoding.UTF8.GetByteCount(notification.Body);
        if (_deadLetters.Count >= _capacity || _deadLetterBytes + bytes > _capacityBytes)
        {
            InMemoryStoreLog.DeadLettersFull(_logger, _deadLetters.Count, _deadLetterBytes, reason);
            return;
        }

        _deadLetters.Add(new WithingsStoredDeadLetter(++_nextDeadLetterId, reason, notification.Body, error, attempts, notification.ReceivedAt, _timeProvider.GetUtcNow()));
        _deadLetterBytes += bytes;
    }

    private void DeadLetterLeftovers()
    {
        List<ReceivedNotification> leftovers;
        lock (_gate)
        {
            _accepting = false;
            _channel.Writer.TryComplete();
            while (_channel.Reader.TryRead(out _))
            {
            }

            leftovers = [.. _held.OrderBy(n => n.ReceivedAt)];
        }

        foreach (var item in leftovers)
        {
            DeadLetterLog.Write(_logger, new WithingsDeadLetter(item, WithingsDeadLetterReason.Shutdown, ShutdownError, null, 0));
            _metrics?.DeadLettered(WithingsDeadLetterReason.Shutdown);
            lock (_gate)
            {
                Release(item);
                AddDeadLetter(item, WithingsDeadLetterReason.Shutdown, ShutdownError, 0);
            }
        }
    }
}
