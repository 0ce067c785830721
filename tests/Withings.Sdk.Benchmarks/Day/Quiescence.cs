namespace Withings.Sdk.Benchmarks.Day;

/// <summary>
/// Tells when the simulated system has nothing left to do before the <see cref="VirtualClock"/> moves: no request to
/// Withings in flight and nothing runnable. Only then may the clock jump to the next timer or notification, so that
/// the engine sees virtual time pass exactly as it would see real time pass with its work done instantly.
/// </summary>
/// <remarks>
/// <para>
/// Everything the engine, the limiter and the look-alike do runs on the thread pool (the simulator's own driver is a
/// dedicated thread, and <see cref="VirtualClock"/> hands due timers to the pool), and waits only on three things:
/// a virtual timer (the batch window, the limiter's next permit, a retry delay: visible in
/// <see cref="VirtualClock.NextDue"/>), a socket (HTTP), or new input (the queue). So the system is quiescent when
/// (1) no HTTP request to the look-alike is in flight: <see cref="InFlightHandler"/> counts each from the moment the
/// limiter granted it until its response body was read whole, which covers the time a response spends between the
/// kernel and the pool, invisible to the pool's counters; the receiver's own POSTs are sent and awaited by the driver
/// itself, so none is in flight when it looks; and (2) the pool has no queued work item and no thread processing one.
/// </para>
/// <para>
/// (2) is read from <see cref="ThreadPool.PendingWorkItemCount"/>, the busy workers (maximum minus available threads,
/// which counts a worker from the moment it is woken to look for work until it goes back to sleep) and
/// <see cref="ThreadPool.CompletedWorkItemCount"/>. One reading can race with a worker that queues an item and
/// finishes between the two counter reads; so the state must read idle twice in a row with no work item completed in
/// between: an item queued before the first reading is then either still queued, being processed, or completed, and
/// each of those shows in the second reading.
/// </para>
/// <para>
/// A host may keep pool threads blocked for good (a test runner waiting for the test does): they count as busy for
/// ever. When nothing is queued or in flight and more threads than the baseline stay busy for <see cref="Settle"/>,
/// they are taken as such and the baseline rises to them; it falls again as soon as fewer threads are busy. A mistake
/// here (a blocked thread leaving just as one of ours starts) moves the clock one step early: a latency a little off,
/// never a notification lost; in the benchmark's own process the baseline stays 0.
/// </para>
/// </remarks>
public sealed class Quiescence(InFlightCounter inFlight)
{
    // How long threads must stay busy with nothing queued or in flight before they are taken for threads blocked
    // outside the simulation rather than for work: far longer than any step's work item.
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(200);

    // Pool threads busy for good outside the simulation: none in the benchmark's process.
    private int _baseline;

    /// <summary>Waits, spinning, until the system is quiescent.</summary>
    /// <param name="limit">How long to wait before giving up (real time).</param>
    /// <returns><see langword="true"/> when quiescent; <see langword="false"/> when the limit passed first.</returns>
    public bool Wait(TimeSpan limit)
    {
        var started = Environment.TickCount64;
        var blockedSince = long.MaxValue;
        var spinner = default(SpinWait);
        while (true)
        {
            if (IsIdle(out var completed, out var busy))
            {
                Thread.Yield();
                if (IsIdle(out var again, out _) && again == completed)
                {
                    return true;
                }
            }

            var now = Environment.TickCount64;
            if (ThreadPool.PendingWorkItemCount != 0 || inFlight.Count != 0 || busy <= _baseline)
            {
                blockedSince = long.MaxValue;
            }
            else if (blockedSince == long.MaxValue)
            {
                blockedSince = now;
            }
            else if (now - blockedSince > Settle.TotalMilliseconds)
            {
                // Nothing queued or in flight, yet the same threads busy all along: they are blocked outside the
                // simulation (work of ours would have finished or queued more by now).
                _baseline = busy;
                blockedSince = long.MaxValue;
                continue;
            }

            if (now - started > limit.TotalMilliseconds)
            {
                return false;
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>What the counters read now, for a report when the system never went quiet.</summary>
    /// <returns>A line.</returns>
    public string Describe() =>
        $"{inFlight.Count} requests in flight, {ThreadPool.PendingWorkItemCount} work items queued, {Busy()} pool threads busy ({_baseline} blocked outside)";

    private static int Busy()
    {
        ThreadPool.GetMaxThreads(out var maxWorkers, out _);
        ThreadPool.GetAvailableThreads(out var availableWorkers, out _);
        return maxWorkers - availableWorkers;
    }

    private bool IsIdle(out long completed, out int busy)
    {
        completed = ThreadPool.CompletedWorkItemCount;
        busy = Busy();
        if (busy < _baseline)
        {
            // A thread blocked outside left: count on it no more.
            _baseline = busy;
        }

        return inFlight.Count == 0 && ThreadPool.PendingWorkItemCount == 0 && busy <= _baseline && inFlight.Count == 0;
    }
}
