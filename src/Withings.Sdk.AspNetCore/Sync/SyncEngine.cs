using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The queue's consumer when <c>AddSync</c> is registered, in place of the per-notification dispatcher: collects
/// notifications for <see cref="WithingsSyncOptions.BatchWindow"/> (or up to <see cref="WithingsSyncOptions.MaxBatch"/>)
/// and hands each batch to the <see cref="SyncBatchProcessor"/>, one batch at a time; while a user's results have pages
/// left, a turn runs with whatever arrived meanwhile, until every page is read. Stopping the host drains: the
/// queue stops accepting, the last batch is processed at once, until the host's shutdown deadline; then what is left
/// stays in a durable store, and the in-memory store dead-letters its own once the host has stopped.
/// </summary>
internal sealed class SyncEngine : BackgroundService
{
    private readonly IWithingsReceiverStore _store;
    private readonly SyncBatchProcessor _processor;
    private readonly SyncDeadLetters _deadLetters;
    private readonly ReceiverMetrics _metrics;
    private readonly IOptionsMonitor<WithingsSyncOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abort = new();

    // Once the shutdown deadline cancelled the work, how long the batch gets to notice before leftovers are taken.
    private static readonly TimeSpan AbortGrace = TimeSpan.FromSeconds(5);

    public SyncEngine(
        IWithingsReceiverStore store,
        SyncBatchProcessor processor,
        SyncDeadLetters deadLetters,
        ReceiverMetrics metrics,
        IOptionsMonitor<WithingsSyncOptions> options,
        TimeProvider timeProvider,
        ILogger<SyncEngine> logger)
    {
        _store = store;
        _processor = processor;
        _deadLetters = deadLetters;
        _metrics = metrics;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        var waiting = Math.Max(_store.GetStatus().Waiting, 0) + _processor.InHandCount;
        ReceiverLog.Draining(_logger, waiting);
        _store.StopAccepting();
        using (cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _abort))
        {
            // Returns when the drain is done or when the host's shutdown timeout cancels the token, whichever comes first.
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        var execution = ExecuteTask;
        if (execution is null || execution.IsCompleted)
        {
            return;
        }

        try
        {
            await execution.WaitAsync(AbortGrace, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A data handler stuck in user code that ignores cancellation: its notifications are counted below anyway.
        }

        await ReportLeftoversAsync().ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // stoppingToken is deliberately not used: a stop request means "drain", not "drop what is queued".
        var abort = _abort.Token;
        var buffer = Channel.CreateBounded<ReceivedNotification>(new BoundedChannelOptions(_options.CurrentValue.MaxBatch)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        var pump = Task.Run(() => PumpAsync(buffer.Writer, abort), CancellationToken.None);
        try
        {
            while (true)
            {
                // Pages left to read make a turn of their own: what arrived meanwhile joins it, without waiting for a
                // window, so that a long read goes on between the other batches rather than before or after them.
                var batch = _processor.HasPending ? TakeArrived(buffer.Reader) : await NextBatchAsync(buffer.Reader, abort).ConfigureAwait(false);
                await _processor.CompleteRepeatsAsync(abort).ConfigureAwait(false);
                if (batch.Count == 0 && !_processor.HasPending)
                {
                    break;
                }

                await _processor.ProcessAsync(batch, abort).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // The shutdown deadline passed: what is left stays unprocessed, for a durable queue to deliver again.
        }

        await pump.ConfigureAwait(false);
    }

    /// <summary>
    /// After the deadline, as the per-notification dispatcher does: logs and counts what was not handled (buffered, in
    /// the cut batch, a part with pages left, or still in the store). A durable store hands it out again on restart;
    /// the in-memory store dead-letters its own once the host has stopped.
    /// </summary>
    private Task ReportLeftoversAsync()
    {
        var left = Math.Max(_store.GetStatus().Waiting, 0) + _processor.InHandCount;
        ReceiverLog.DrainIncomplete(_logger, left);
        _metrics.Undrained(left);
        return Task.CompletedTask;
    }

    /// <summary>Moves the queue's items into the batching buffer until the queue ends.</summary>
    private async Task PumpAsync(ChannelWriter<ReceivedNotification> writer, CancellationToken abort)
    {
        try
        {
            while (!abort.IsCancellationRequested)
            {
                try
                {
                    await foreach (var item in _store.ReadAllAsync(abort).ConfigureAwait(false))
                    {
                        // Counted from here: a queue counts only what nobody read yet.
                        _processor.Took(item);
                        await writer.WriteAsync(item, abort).ConfigureAwait(false);
                    }

                    return;
                }
                catch (OperationCanceledException) when (abort.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // A failing queue (a broker's connection) must not stop the host: log and read again.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    SyncLog.ReaderFailed(_logger, exception);
                    try
                    {
                        await Task.Delay(_options.CurrentValue.RetryBaseDelay, _timeProvider, abort).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
        }
        finally
        {
            writer.TryComplete();
        }
    }

    /// <summary>What already waits in the buffer, up to <see cref="WithingsSyncOptions.MaxBatch"/>, without waiting.</summary>
    private List<ReceivedNotification> TakeArrived(ChannelReader<ReceivedNotification> reader)
    {
        var batch = new List<ReceivedNotification>();
        var max = _options.CurrentValue.MaxBatch;
        while (batch.Count < max && reader.TryRead(out var item))
        {
            Join(batch, item);
        }

        return batch;
    }

    /// <summary>
    /// Waits for a first item, then collects until the window closes, the batch is full or the queue ended; an empty
    /// list when the queue ended with nothing left.
    /// </summary>
    private async Task<List<ReceivedNotification>> NextBatchAsync(ChannelReader<ReceivedNotification> reader, CancellationToken abort)
    {
        var batch = new List<ReceivedNotification>();
        if (!await reader.WaitToReadAsync(abort).ConfigureAwait(false))
        {
            return batch;
        }

        var options = _options.CurrentValue;
        using var window = CancellationTokenSource.CreateLinkedTokenSource(abort);
        var closes = Task.Delay(options.BatchWindow, _timeProvider, window.Token);
        try
        {
            while (batch.Count < options.MaxBatch)
            {
                while (batch.Count < options.MaxBatch && reader.TryRead(out var item))
                {
                    Join(batch, item);
                }

                if (batch.Count >= options.MaxBatch || closes.IsCompleted)
                {
                    break;
                }

                var more = reader.WaitToReadAsync(window.Token).AsTask();
                if (await Task.WhenAny(more, closes).ConfigureAwait(false) == closes || !await more.ConfigureAwait(false))
                {
                    // The window closed, or the queue ended: whatever arrived meanwhile still joins this batch.
                    while (batch.Count < options.MaxBatch && reader.TryRead(out var item))
                    {
                        Join(batch, item);
                    }

                    break;
                }
            }
        }
        finally
        {
            await window.CancelAsync().ConfigureAwait(false);
        }

        return batch;
    }

    /// <summary>
    /// Adds an item to the forming batch. The store forgot a window-less body's key when it handed the body out, so the
    /// same body posted while the batch forms is stored again; in this batch it is the same work, so it joins the
    /// first one's (<see cref="SyncBatchProcessor.CompleteRepeatsAsync"/> completes it) and the batch counts it once.
    /// </summary>
    private void Join(List<ReceivedNotification> batch, ReceivedNotification item)
    {
        if (item.IsRepeatable && batch.Exists(b => b.IsRepeatable && string.Equals(b.DuplicateKey, item.DuplicateKey, StringComparison.Ordinal)))
        {
            _processor.Repeated(item);
            return;
        }

        batch.Add(item);
    }
}
