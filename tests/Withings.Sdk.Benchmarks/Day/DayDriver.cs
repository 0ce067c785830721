using System.Diagnostics;

namespace Withings.Sdk.Benchmarks.Day;

/// <summary>
/// The discrete-event loop every mode shares: wait until the system is quiescent, then move the virtual clock to the
/// next thing that can happen (the next notification's arrival or the next timer, whichever comes first) and let it
/// happen. It runs on a thread of its own, outside the thread pool that <see cref="Quiescence"/> watches.
/// </summary>
internal sealed class DayDriver(
    IReadOnlyList<DayNotification> schedule,
    VirtualClock clock,
    InFlightCounter inFlight,
    LatencyRecorder recorder,
    Action<int, DayNotification> post)
{
    // A real-time bound on one wait for quiescence: far beyond any step's work, short enough to report a stall.
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(60);

    /// <summary>Whether the run stopped early because p95 could no longer be under the limit.</summary>
    public bool Cut { get; private set; }

    /// <summary>What went wrong, if anything.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>The last instant a notification arrived.</summary>
    public DateTimeOffset LastArrival { get; private set; }

    /// <summary>The real time the loop took.</summary>
    public TimeSpan RealTime { get; private set; }

    /// <summary>Runs the loop on a dedicated thread.</summary>
    /// <param name="end">The virtual instant past which a run that is not done is reported as stalled.</param>
    /// <returns>A task that completes when the loop ends.</returns>
    public Task RunAsync(DateTimeOffset end)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run(end);
                done.SetResult();
            }
#pragma warning disable CA1031 // Handed over to the awaiting caller.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                done.SetException(exception);
            }
        })
        {
            IsBackground = true,
            Name = "day simulator",
        };
        thread.Start();
        return done.Task;
    }

    private void Run(DateTimeOffset end)
    {
        var watch = Stopwatch.StartNew();
        var quiescence = new Quiescence(inFlight);
        var next = 0;
        var lateBudget = schedule.Count / 20;
        var lastMinute = long.MinValue;
        while (true)
        {
            if (!quiescence.Wait(StallLimit))
            {
                Problems.Add($"not quiescent after {StallLimit.TotalSeconds:F0} s of real time at {clock.Now:HH:mm:ss} ({quiescence.Describe()})");
                break;
            }

            if (recorder.Delivered == schedule.Count)
            {
                break;
            }

            var minute = clock.Now.UtcTicks / TimeSpan.TicksPerMinute;
            if (minute != lastMinute)
            {
                lastMinute = minute;
                if (recorder.ObserveBacklog(clock.Now) > lateBudget)
                {
                    Cut = true;
                    break;
                }
            }

            var arrival = next < schedule.Count ? schedule[next].At : (DateTimeOffset?)null;
            var timer = clock.NextDue();
            if (arrival is null && (timer is null || timer > end + TimeSpan.FromDays(1)))
            {
                Problems.Add($"stalled at {clock.Now:HH:mm:ss}: {schedule.Count - recorder.Delivered} notifications undelivered and nothing left to wait for");
                break;
            }

            if (arrival is { } at && (timer is null || at <= timer))
            {
                clock.AdvanceTo(at);
                while (next < schedule.Count && schedule[next].At == at)
                {
                    post(next, schedule[next]);
                    LastArrival = at;
                    next++;
                }
            }
            else
            {
                clock.AdvanceTo(timer!.Value);
            }
        }

        recorder.ObserveBacklog(clock.Now);
        RealTime = watch.Elapsed;
    }
}
