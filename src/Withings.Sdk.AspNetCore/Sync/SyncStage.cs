using System.Threading.Channels;
using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The delivery loop's stage for <c>AddSync</c>: collects notifications for <see cref="WithingsSyncOptions.BatchWindow"/>
/// (or up to <see cref="WithingsSyncOptions.MaxBatch"/>) and hands each batch to the <see cref="SyncBatchProcessor"/>,
/// one batch at a time; while a user's results have pages left, a turn runs with whatever arrived meanwhile, until
/// every page is read. When the loop's intake ends (the host stops), the last batch is processed at once.
/// </summary>
internal sealed class SyncStage(SyncBatchProcessor processor, DeliveryLedger ledger, ReceiverMetrics metrics, IServiceProvider services, IOptionsMonitor<WithingsSyncOptions> options, TimeProvider timeProvider) : IDeliveryStage
{
    // The same body read again while its batch forms (a window-less body posted again after the store handed the
    // first out): one fetch serves both, so it joins the first instead of taking a place in the batch.
    private readonly List<ReceivedNotification> _joined = [];
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);

    // The batch buffer: the loop reads at most MaxBatch notifications ahead of the batch being collected.
    public DeliveryRoom Room { get; } = new(options.CurrentValue.MaxBatch);

    public void EnsureReady()
    {
        // AddSync registers the data handler with the stage: nothing can be missing.
    }

    public async Task RunAsync(ChannelReader<ReceivedNotification> arrivals, CancellationToken abort)
    {
        using var turns = new FairTurns(services.GetKeyedService<RateLimiter>(WithingsRateLimiter.ServiceKey), options.CurrentValue.UserConcurrency);
        using var stopTurns = CancellationTokenSource.CreateLinkedTokenSource(abort);
        var giving = Task.Run(() => turns.RunAsync(stopTurns.Token), CancellationToken.None);
        try
        {
            await RunBatchesAsync(arrivals, turns, abort).ConfigureAwait(false);
        }
        finally
        {
            await stopTurns.CancelAsync().ConfigureAwait(false);
            await giving.ConfigureAwait(false);
        }
    }

    public void Dispose() => Room.Dispose();

    private async Task RunBatchesAsync(ChannelReader<ReceivedNotification> arrivals, FairTurns turns, CancellationToken abort)
    {
        while (true)
        {
            // Pages left to read make a turn of their own: what arrived meanwhile joins it, without waiting for a
            // window, so that a long read goes on between the other batches rather than before or after them.
            _joined.Clear();
            _keys.Clear();
            var batch = processor.HasPending ? TakeArrived(arrivals) : await NextBatchAsync(arrivals, abort).ConfigureAwait(false);
            foreach (var repeat in _joined)
            {
                // Counted as handled: its data is the first's, so acknowledged = handled + duplicates + dead-lettered holds.
                metrics.Handled(repeat.Notification!.Appli);
                await ledger.CompleteAsync(repeat, abort).ConfigureAwait(false);
            }

            Room.Free(batch.Count);
            if (batch.Count == 0 && !processor.HasPending)
            {
                return;
            }

            await processor.ProcessAsync(batch, turns, abort).ConfigureAwait(false);
        }
    }

    /// <summary>What already waits, up to <see cref="WithingsSyncOptions.MaxBatch"/>, without waiting.</summary>
    private List<ReceivedNotification> TakeArrived(ChannelReader<ReceivedNotification> arrivals)
    {
        var batch = new List<ReceivedNotification>();
        var max = options.CurrentValue.MaxBatch;
        while (batch.Count < max && arrivals.TryRead(out var item))
        {
            Add(batch, item);
        }

        return batch;
    }

    /// <summary>
    /// Waits for a first notification, then collects until the window closes, the batch is full or the intake ended;
    /// an empty list when the intake ended with nothing left.
    /// </summary>
    private async Task<List<ReceivedNotification>> NextBatchAsync(ChannelReader<ReceivedNotification> arrivals, CancellationToken abort)
    {
        var batch = new List<ReceivedNotification>();
        if (!await arrivals.WaitToReadAsync(abort).ConfigureAwait(false))
        {
            return batch;
        }

        var settings = options.CurrentValue;
        using var window = CancellationTokenSource.CreateLinkedTokenSource(abort);
        var closes = Task.Delay(settings.BatchWindow, timeProvider, window.Token);
        try
        {
            while (batch.Count < settings.MaxBatch)
            {
                while (batch.Count < settings.MaxBatch && arrivals.TryRead(out var item))
                {
                    Add(batch, item);
                }

                if (batch.Count >= settings.MaxBatch || closes.IsCompleted)
                {
                    break;
                }

                var more = arrivals.WaitToReadAsync(window.Token).AsTask();
                if (await Task.WhenAny(more, closes).ConfigureAwait(false) == closes || !await more.ConfigureAwait(false))
                {
                    // The window closed, or the intake ended: whatever arrived meanwhile still joins this batch.
                    while (batch.Count < settings.MaxBatch && arrivals.TryRead(out var item))
                    {
                        Add(batch, item);
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

    private void Add(List<ReceivedNotification> batch, ReceivedNotification item)
    {
        if (item.DuplicateKey is { } key && !_keys.Add(key))
        {
            // Its place is free at once: it waits for nothing but its completion below.
            _joined.Add(item);
            Room.Free(1);
            return;
        }

        batch.Add(item);
    }
}
