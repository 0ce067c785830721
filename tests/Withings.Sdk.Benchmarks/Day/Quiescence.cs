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
/// </remarks>
public static class Quiescence
{
    /// <summary>Waits, spinning, until the system is quiescent.</summary>
    /// <param name="inFlight">The requests in flight.</param>
    /// <param name="limit">How long to wait before giving up (real time).</param>
    /// <returns><see langword="true"/> when quiescent; <see langword="false"/> when the limit passed first.</returns>
    public static bool Wait(InFlightCounter inFlight, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(inFlight);
        var started = Environment.TickCount64;
        var spinner = default(SpinWait);
        while (true)
        {
            if (IsIdle(inFlight, out var completed))
            {
                Thread.Yield();
                if (IsIdle(inFlight, out var again) && again == completed)
                {
                    return true;
                }
            }

            if (Environment.TickCount64 - started > limit.TotalMilliseconds)
            {
                return false;
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    private static bool IsIdle(InFlightCounter inFlight, out long completed)
    {
        completed = ThreadPool.CompletedWorkItemCount;
        if (inFlight.Count != 0 || ThreadPool.PendingWorkItemCount != 0)
        {
            return false;
        }

        ThreadPool.GetMaxThreads(out var maxWorkers, out _);
        ThreadPool.GetAvailableThreads(out var availableWorkers, out _);
        return maxWorkers == availableWorkers && inFlight.Count == 0;
    }
}
