using System.Threading.RateLimiting;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Who sends the sync engine's next request. The users waiting stand in a ring, in the order their windows closed, and each turn
/// sends one request of one user (one step of up to <c>Fetch:MaxPages</c> pages), then that user goes to the back:
/// round robin, so that a user with 500 notifications does not hold back 99 with one each. Live work comes before
/// continuations of results that stopped at the page cap. A turn is given only when the rate limiter is about to grant
/// a permit, with at most <see cref="WithingsSyncOptions.UserConcurrency"/> requests out at once, so that the order of
/// the turns is the order in which the limiter sees the requests.
/// </summary>
/// <remarks>
/// A user in the ring between two of its requests (reading an answer, saving its zone) keeps its place: the ring waits
/// for it rather than passing it, so that the order does not depend on how fast each user's code runs. A user leaves
/// the ring when its fetch is over, and while it waits out a retry's backoff.
/// </remarks>
internal sealed class FairTurns : IDisposable
{
    private const int Live = 0;
    private const int Continuation = 1;

    private readonly RateLimiter? _limiter;
    private readonly SemaphoreSlim _inFlight;
    private readonly SemaphoreSlim _changed = new(0);
    private readonly object _gate = new();

    // The users in turn order, one ring per class (live first), and the requests each one has waiting.
    private readonly LinkedList<UserKey>[] _rings = [new(), new()];
    private readonly Dictionary<UserKey, Queue<TaskCompletionSource<Turn>>> _waiting = [];

    public FairTurns(RateLimiter? limiter, int inFlight)
    {
        _limiter = limiter;
        _inFlight = new SemaphoreSlim(inFlight, inFlight);
    }

    /// <summary>Gives turns until <paramref name="abort"/>.</summary>
    public async Task RunAsync(CancellationToken abort)
    {
        try
        {
            while (true)
            {
                await _changed.WaitAsync(abort).ConfigureAwait(false);
                while (Next() is not null)
                {
                    await _inFlight.WaitAsync(abort).ConfigureAwait(false);
                    if (_limiter is not null)
                    {
                        // Zero permits: wait in the limiter's line until it is about to grant, without taking the
                        // permit, which the request itself takes a moment later.
                        using var ready = await _limiter.AcquireAsync(0, abort).ConfigureAwait(false);
                    }

                    if (!Give())
                    {
                        _inFlight.Release();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            lock (_gate)
            {
                foreach (var waiter in _waiting.Values.SelectMany(q => q))
                {
                    waiter.TrySetCanceled(abort);
                }
            }
        }
    }

    /// <summary>Places users in the ring, in the order given, before any of them asks for a turn.</summary>
    public void Join(IEnumerable<long?> users)
    {
        lock (_gate)
        {
            foreach (var user in users)
            {
                Enter(new UserKey(user, Live));
            }
        }
    }

    /// <summary>Waits for the user's next turn; dispose the turn once its request is answered.</summary>
    public Task<Turn> TakeAsync(long? userId, bool continuation, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<Turn>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            Enter(new UserKey(userId, continuation ? Continuation : Live)).Enqueue(waiter);
        }

        _changed.Release();
        var registration = cancellationToken.Register(static state => ((TaskCompletionSource<Turn>)state!).TrySetCanceled(), waiter);
        _ = waiter.Task.ContinueWith(static (_, state) => ((CancellationTokenRegistration)state!).Dispose(), registration, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return waiter.Task;
    }

    /// <summary>
    /// Takes the user out of the ring: its fetch is over, or it waits out a backoff; with <paramref name="liveOnly"/>,
    /// out of the live ring only, once its live requests are sent.
    /// </summary>
    public void Leave(long? userId, bool liveOnly = false)
    {
        lock (_gate)
        {
            for (var kind = Live; kind <= (liveOnly ? Live : Continuation); kind++)
            {
                var key = new UserKey(userId, kind);
                if (_waiting.Remove(key, out var queue))
                {
                    _rings[kind].Remove(key);
                    foreach (var waiter in queue)
                    {
                        waiter.TrySetCanceled();
                    }
                }
            }
        }

        _changed.Release();
    }

    /// <summary>Where the turns stand, for a test that stalled: the rings (each user with its waiting requests) and the free slots.</summary>
    internal string Describe()
    {
        lock (_gate)
        {
            return $"live [{string.Join(' ', _rings[Live].Select(k => $"{k.UserId}:{_waiting[k].Count}"))}], " +
                $"continuations [{string.Join(' ', _rings[Continuation].Select(k => $"{k.UserId}:{_waiting[k].Count}"))}], free slots {_inFlight.CurrentCount}";
        }
    }

    public void Dispose()
    {
        _inFlight.Dispose();
        _changed.Dispose();
    }

    private Queue<TaskCompletionSource<Turn>> Enter(UserKey key)
    {
        if (!_waiting.TryGetValue(key, out var queue))
        {
            _waiting[key] = queue = new Queue<TaskCompletionSource<Turn>>();
            _rings[key.Class].AddLast(key);
        }

        return queue;
    }

    // The user whose turn it is: the front of the live ring when it has a request waiting, else the front of the
    // continuation ring when it has one; null when the front users are between requests.
    private UserKey? Next()
    {
        lock (_gate)
        {
            foreach (var ring in _rings)
            {
                if (ring.First is { } front && _waiting[front.Value].Count > 0)
                {
                    return front.Value;
                }
            }

            return null;
        }
    }

    private bool Give()
    {
        while (true)
        {
            TaskCompletionSource<Turn> waiter;
            lock (_gate)
            {
                if (Next() is not { } key)
                {
                    return false;
                }

                waiter = _waiting[key].Dequeue();
                var ring = _rings[key.Class];
                ring.Remove(key);
                ring.AddLast(key);
            }

            // A waiter that gave up (its fetch deadline passed) is passed over, on the same permit.
            if (waiter.TrySetResult(new Turn(this)))
            {
                return true;
            }
        }
    }

    private readonly record struct UserKey(long? UserId, int Class);

    /// <summary>A granted turn: its request is out until disposed.</summary>
    internal sealed class Turn(FairTurns turns) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                turns._inFlight.Release();
            }
        }
    }
}
