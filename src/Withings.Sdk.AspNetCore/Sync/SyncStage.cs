using System.Threading.Channels;
using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The delivery loop's stage for <c>AddSync</c>, binding each user's requests late: it reads notifications as they
/// arrive (as far as <see cref="Room"/> allows; the rest waits in the store) and puts each on its user's desk. A user
/// whose desk fills while no round of its runs waits out <see cref="WithingsSyncOptions.BatchWindow"/> from its first
/// notification (every open window closes at once when they hold <see cref="WithingsSyncOptions.MaxBatch"/>), then takes
/// its place in the ring of <see cref="FairTurns"/>. Only when its turn is granted does the round take everything on
/// the desk, read the user's context, plan and send (<see cref="SyncRounds"/>); what arrives meanwhile waits for the
/// user's next round, which waits out a window of its own from the first of them, then asks for a turn (pages left to
/// read go on at once). When the intake ends (the host stops), every window closes at once and the desks are worked off.
/// </summary>
internal sealed class SyncStage(SyncRounds rounds, IServiceProvider services, IOptionsMonitor<WithingsSyncOptions> options, TimeProvider timeProvider) : IDeliveryStage
{
    private readonly Lock _gate = new();

    // Every user with notifications waiting or a round running, and the desks whose window is open, by first arrival.
    private readonly Dictionary<DeskKey, UserDesk> _desks = [];
    private readonly Queue<UserDesk> _windows = new();

    // Cancelled when the intake ends (the host stops): the windows of users' next rounds close at once.
    private readonly CancellationTokenSource _intakeEnded = new();

    // A user's rounds that failed outside the engine's own handling: the stage stops with it.
    private readonly TaskCompletionSource _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Notifications in open windows, and how many users' rounds run (with the signal of the last one ending).
    private int _windowed;
    private int _running;
    private TaskCompletionSource? _idle;
    private FairTurns? _turns;

    // The read-ahead: notifications read from the store and not yet taken by a round (on desks, in open windows).
    public DeliveryRoom Room { get; } = new(options.CurrentValue.MaxBatch);

    /// <summary>How many notifications wait on the users' desks for a round, and how many of them in open windows.</summary>
    internal (int Waiting, int InWindows) Desks
    {
        get
        {
            lock (_gate)
            {
                return (_desks.Values.Sum(d => d.Items.Count), _windowed);
            }
        }
    }

    /// <summary>Where the users' turns stand, for a test that stalled.</summary>
    internal string DescribeTurns() => $"{_turns?.Describe()}; {_running} users' rounds running";

    public void EnsureReady()
    {
        // AddSync registers the data handler with the stage: nothing can be missing.
    }

    public async Task RunAsync(ChannelReader<ReceivedNotification> arrivals, CancellationToken abort)
    {
        using var turns = new FairTurns(services.GetKeyedService<RateLimiter>(WithingsRateLimiter.ServiceKey), options.CurrentValue.UserConcurrency);
        _turns = turns;
        using var stopTurns = CancellationTokenSource.CreateLinkedTokenSource(abort);
        var giving = Task.Run(() => turns.RunAsync(stopTurns.Token), CancellationToken.None);
        rounds.Start(turns);
        try
        {
            await ReadAsync(arrivals, turns, abort).ConfigureAwait(false);
            await WhenIdleAsync(abort).ConfigureAwait(false);
        }
        finally
        {
            await stopTurns.CancelAsync().ConfigureAwait(false);
            await giving.ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        Room.Dispose();
        _intakeEnded.Dispose();
    }

    /// <summary>Puts what arrives on desks and closes windows as they end, until the intake ends.</summary>
    private async Task ReadAsync(ChannelReader<ReceivedNotification> arrivals, FairTurns turns, CancellationToken abort)
    {
        using var timer = new WindowTimer(timeProvider);
        var waits = new List<Task>(3);
        Task<bool>? more = null;
        var open = true;
        while (open)
        {
            while (arrivals.TryRead(out var item))
            {
                await AcceptAsync(item, abort).ConfigureAwait(false);
            }

            var nextClose = CloseWindows(turns, all: false, abort);
            more ??= arrivals.WaitToReadAsync(abort).AsTask();
            waits.Clear();
            waits.Add(more);
            waits.Add(_failed.Task);
            if (nextClose is { } due)
            {
                waits.Add(timer.At(due, abort));
            }

            var first = await Task.WhenAny(waits).ConfigureAwait(false);
            if (first == more)
            {
                open = await more.ConfigureAwait(false);
                more = null;
            }
            else
            {
                // A window ended (closed on the next pass), or a user's rounds failed: the stage stops with it.
                await first.ConfigureAwait(false);
            }
        }

        // The intake ended: whatever waits in a window is worked off at once.
        while (arrivals.TryRead(out var item))
        {
            await AcceptAsync(item, abort).ConfigureAwait(false);
        }

        await _intakeEnded.CancelAsync().ConfigureAwait(false);
        CloseWindows(turns, all: true, abort);
    }

    private async Task AcceptAsync(ReceivedNotification item, CancellationToken abort)
    {
        if (!item.IsParsed)
        {
            Room.Free();
            await rounds.RefuseAsync(item, abort).ConfigureAwait(false);
            return;
        }

        var notification = item.Notification!;
        lock (_gate)
        {
            var key = new DeskKey(notification.UserId);
            if (!_desks.TryGetValue(key, out var desk))
            {
                _desks.Add(key, desk = new UserDesk(notification.UserId, timeProvider.GetUtcNow()));
                _windows.Enqueue(desk);
            }

            // The same body read again while the first still waits (a window-less body posted again after the store
            // handed the first out) waits beside it: the round plans both as one (the same requests), hands both to
            // the data handler and counts each as handled, so acknowledged = handled + duplicates + dead-lettered holds.
            if (desk.Running && desk.Items.Count == 0)
            {
                // The first notification for the user's next round: that round waits out a window of its own, so that
                // a flood (or a phone's burst) arriving while a round sends is planned together rather than one round
                // per notification when the limiter does not make the user wait.
                desk.NextWindowEndsAt = timeProvider.GetUtcNow() + options.CurrentValue.BatchWindow;
            }

            desk.Items.Add(item);
            _windowed += desk.Running ? 0 : 1;
        }
    }

    /// <summary>
    /// Closes the windows that ended (every one with <paramref name="all"/>, or once they hold MaxBatch notifications):
    /// their users take their places in the ring in the order their first notification arrived, then their rounds start.
    /// </summary>
    /// <returns>When the next open window ends; null when none is open.</returns>
    private DateTimeOffset? CloseWindows(FairTurns turns, bool all, CancellationToken abort)
    {
        var settings = options.CurrentValue;
        var now = timeProvider.GetUtcNow();
        var closing = new List<UserDesk>();
        DateTimeOffset? next = null;
        lock (_gate)
        {
            all |= _windowed >= settings.MaxBatch;
            while (_windows.TryPeek(out var desk))
            {
                if (!all && desk.OpenedAt + settings.BatchWindow > now)
                {
                    next = desk.OpenedAt + settings.BatchWindow;
                    break;
                }

                _windows.Dequeue();
                _windowed -= desk.Items.Count;
                desk.Running = true;
                closing.Add(desk);
            }

            _running += closing.Count;
        }

        if (closing.Count > 0)
        {
            turns.Join(closing.Where(d => d.NeedsTurn).Select(d => d.UserId));
            foreach (var desk in closing)
            {
                _ = Task.Run(() => RunUserAsync(desk, turns, abort), CancellationToken.None);
            }
        }

        return next;
    }

    /// <summary>
    /// A user's rounds, one after the other, while notifications wait on its desk or pages are left to read. A round
    /// with data to fetch first waits for the user's turn, and only then takes the desk: whatever arrived while the user
    /// waited is planned with the rest.
    /// </summary>
    private async Task RunUserAsync(UserDesk desk, FairTurns turns, CancellationToken abort)
    {
        UserPart? pending = null;
        try
        {
            while (true)
            {
                bool needsTurn;
                DateTimeOffset? windowEndsAt;
                lock (_gate)
                {
                    if (desk.Items.Count == 0 && pending is null)
                    {
                        _desks.Remove(new DeskKey(desk.UserId));
                        return;
                    }

                    needsTurn = desk.NeedsTurn;

                    // Pages left to read go on at once (with whatever arrived); new notifications wait for their window.
                    windowEndsAt = pending is null ? desk.NextWindowEndsAt : null;
                }

                if (windowEndsAt is { } ends && ends > timeProvider.GetUtcNow() && !_intakeEnded.IsCancellationRequested)
                {
                    await WaitForWindowAsync(ends, abort).ConfigureAwait(false);
                    lock (_gate)
                    {
                        needsTurn = desk.NeedsTurn;
                    }
                }

                var turn = needsTurn ? await turns.TakeAsync(desk.UserId, continuation: false, abort).ConfigureAwait(false) : null;
                List<ReceivedNotification> items;
                lock (_gate)
                {
                    items = desk.TakeAll();
                    desk.NextWindowEndsAt = null;
                }

                Room.Free(items.Count);
                pending = await rounds.RunAsync(desk.UserId, items, pending, turn, abort).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // The shutdown deadline: what is in hand stays unsettled, and the delivery loop reports it.
            _failed.TrySetCanceled(abort);
        }
#pragma warning disable CA1031 // Handed to the stage, which stops with it as it did when one batch failed.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _failed.TrySetException(exception);
        }
        finally
        {
            lock (_gate)
            {
                if (--_running == 0)
                {
                    _idle?.TrySetResult();
                }
            }
        }
    }

    /// <summary>Waits until a user's next window ends, or the intake ends (then every window closes at once).</summary>
    private async Task WaitForWindowAsync(DateTimeOffset ends, CancellationToken abort)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(abort, _intakeEnded.Token);
        try
        {
            await DelayUntil(timeProvider, ends, wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!abort.IsCancellationRequested)
        {
            // The intake ended: the round runs at once.
        }
    }

    /// <summary>Waits until every user's rounds are over (the intake has ended, so no round starts after).</summary>
    private async Task WhenIdleAsync(CancellationToken abort)
    {
        Task idle;
        lock (_gate)
        {
            if (_running == 0)
            {
                return;
            }

            _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            idle = _idle.Task;
        }

        await Task.WhenAny(idle, _failed.Task).WaitAsync(abort).ConfigureAwait(false);
        if (_failed.Task.IsCompleted)
        {
            await _failed.Task.ConfigureAwait(false);
        }
    }

    // The users' desks by user id; notifications without one share a desk.
    private readonly record struct DeskKey(long? UserId);

    /// <summary>
    /// A delay until <paramref name="due"/>, rounded up to whole milliseconds, the unit timers count in: a timer that
    /// fired a fraction of a millisecond before a window's end would find it still open, and be made again, and again,
    /// while the clock stands still.
    /// </summary>
    private static Task DelayUntil(TimeProvider timeProvider, DateTimeOffset due, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(Math.Ceiling((due - timeProvider.GetUtcNow()).TotalMilliseconds));
        return Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, timeProvider, cancellationToken);
    }

    /// <summary>One timer for the next window's end, made again only when that end changes.</summary>
    private sealed class WindowTimer(TimeProvider timeProvider) : IDisposable
    {
        private CancellationTokenSource? _cancel;
        private Task _fires = Task.CompletedTask;
        private DateTimeOffset _due;

        public Task At(DateTimeOffset due, CancellationToken abort)
        {
            // The same end, not reached yet: the same timer (a timer may fire a little before the clock reads its end).
            if (_cancel is not null && due == _due && !_fires.IsCompleted)
            {
                return _fires;
            }

            Dispose();
            _due = due;
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(abort);
            _fires = DelayUntil(timeProvider, due, _cancel.Token);
            return _fires;
        }

        public void Dispose()
        {
            _cancel?.Cancel();
            _cancel?.Dispose();
            _cancel = null;
        }
    }
}
