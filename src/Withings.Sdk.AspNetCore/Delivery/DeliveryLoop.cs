using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The receiver's one consumer: reads the store as far as its stage has room (<see cref="IDeliveryStage.Room"/>) and
/// hands each notification to the stage registered (the
/// per-notification handler, or the sync engine with <c>AddSync</c>). Stopping the host drains: the store stops
/// accepting, what was acknowledged is still worked on until the host's shutdown timeout; then the stage's token is
/// cancelled, what is left is logged and counted (read or not), and the leftovers of a store that dies with the process
/// are dead-lettered as <see cref="WithingsDeadLetterReason.Shutdown"/>, to be replayed.
/// </summary>
internal sealed class DeliveryLoop(
    DeliveryStore store,
    DeliveryLedger ledger,
    IDeliveryStage stage,
    ReceiverMetrics metrics,
    IOptionsMonitor<WithingsReceiverOptions> options,
    TimeProvider timeProvider,
    ILogger<DeliveryLoop> logger) : BackgroundService
{
    // Once the shutdown deadline cancelled the stage, how long it gets to notice before leftovers are taken.
    private static readonly TimeSpan AbortGrace = TimeSpan.FromSeconds(5);

    // Stopping only ends the intake; this ends the work, at the host's shutdown deadline.
    private readonly CancellationTokenSource _abort = new();
    private readonly Channel<ReceivedNotification> _arrivals = Channel.CreateUnbounded<ReceivedNotification>(new UnboundedChannelOptions { SingleWriter = true });

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        stage.EnsureReady();
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        ReceiverLog.Draining(logger, store.Waiting + ledger.InHandCount);
        store.StopAccepting();

        // Returns when the drain is done or when the host's shutdown timeout cancels the token, whichever comes first.
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        var execution = ExecuteTask;
        if (execution is null || execution.IsCompleted)
        {
            return;
        }

        await _abort.CancelAsync().ConfigureAwait(false);
        try
        {
            await execution.WaitAsync(AbortGrace, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A stage stuck in user code that ignores cancellation: its notifications are counted below anyway.
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
        // stoppingToken is deliberately not used: a stop request means "drain", not "drop what is acknowledged".
        var abort = _abort.Token;
        var feeding = Task.Run(() => FeedAsync(abort), CancellationToken.None);
        try
        {
            await Task.Run(() => stage.RunAsync(_arrivals.Reader, abort), CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // The shutdown deadline passed: what is in hand stays unsettled, and StopAsync reports it.
        }

        await feeding.ConfigureAwait(false);
    }

    /// <summary>Reads the store, one notification per place the stage has free, so that the rest stay in the store.</summary>
    private async Task FeedAsync(CancellationToken abort)
    {
        var holdingPlace = false;
        try
        {
            while (!abort.IsCancellationRequested)
            {
                if (holdingPlace)
                {
                    holdingPlace = false;
                    stage.Room.Free();
                }

                try
                {
                    var reader = store.ReadAllAsync(abort).GetAsyncEnumerator(abort);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (true)
                        {
                            await stage.Room.TakeAsync(abort).ConfigureAwait(false);
                            holdingPlace = true;
                            if (!await reader.MoveNextAsync().ConfigureAwait(false))
                            {
                                return;
                            }

                            ledger.Took(reader.Current);
                            holdingPlace = false;
                            _arrivals.Writer.TryWrite(reader.Current);
                        }
                    }
                }
                catch (OperationCanceledException) when (abort.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // A failing store (a broker's connection) must not stop the host: log and read again.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    ReceiverLog.ReaderFailed(logger, exception);
                    try
                    {
                        await Task.Delay(options.CurrentValue.Retry.BaseDelay, timeProvider, abort).ConfigureAwait(false);
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
            if (holdingPlace)
            {
                stage.Room.Free();
            }

            _arrivals.Writer.TryComplete();
        }
    }

    /// <summary>
    /// After the deadline: logs and counts what was not settled (what the store still holds and what was read from it
    /// without being settled: with the stage, waiting for a retry or with pages left). A durable store hands it out
    /// again on restart; the in-memory store dead-letters its own as shutdown once the host has stopped.
    /// </summary>
    private Task ReportLeftoversAsync()
    {
        var left = store.Waiting + ledger.InHandCount;
        ReceiverLog.DrainIncomplete(logger, left);
        metrics.Undrained(left);
        return Task.CompletedTask;
    }
}
