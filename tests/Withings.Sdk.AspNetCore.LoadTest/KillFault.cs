using Withings.Sdk.AspNetCore.Tests;

namespace Withings.Sdk.AspNetCore.LoadTest;

/// <summary>
/// <c>--fault</c>: the receiver runs in a child process (Withings.Sdk.AspNetCore.CrashHost) with a slow handler; after
/// half the answers it is killed with SIGKILL (no drain, no shutdown code), then started again on the same store.
/// Every notification acknowledged before the kill must be handled, before it or after the restart.
/// </summary>
internal static class KillFault
{
    public static async Task<bool> RunAsync(LoadOptions options, string store, CancellationToken deadline)
    {
        Console.WriteLine($"--- store: {store}");
        var path = store == "memory" ? "memory" : Path.Combine(Path.GetTempPath(), $"withings-fault-{Guid.NewGuid():N}.db");
        try
        {
            var workload = Workload.Create(options.Count);
            var delay = (int)options.HandlerDelay.TotalMilliseconds;
            long[] handledBeforeKill;
            SocketDriver driver;
            var queuedAtKill = 0;
            await using (var first = await ChildReceiver.StartAsync(path, delay, options.Handlers))
            {
                Task? killing = null;
                var callback = first.Address.AbsolutePath.TrimEnd('/') + "/withings/notify?secret=" + ChildReceiver.Secret;
                driver = new SocketDriver(first.Address, workload, options.Connections, callback)
                {
                    Progress = answered =>
                    {
                        if (answered == options.Count / 2)
                        {
                            queuedAtKill = answered - first.Handled.Count;
                            killing = first.KillAsync();
                        }
                    },
                };
                await driver.RunAsync(deadline);
                await (killing ?? first.KillAsync());
                handledBeforeKill = [.. first.Handled];
            }

            var acknowledged = new HashSet<long>();
            for (var i = 0; i < workload.Count; i++)
            {
                if (driver.Statuses[i] == 200 && workload.Kinds[i] != RequestKind.Garbage)
                {
                    acknowledged.Add(workload.Ids[i]);
                }
            }

            var started = DateTime.UtcNow;
            await using var second = await ChildReceiver.StartAsync(path, 0, options.Handlers);
            var outstanding = acknowledged.Except(handledBeforeKill).ToList();
            var drained = true;
            try
            {
                await second.WaitUntilHandledAsync(outstanding, TimeSpan.FromSeconds(Math.Max(30, options.MaxSeconds / 2)));
            }
            catch (TimeoutException)
            {
                drained = false;
            }

            var handledAfter = second.Handled.ToArray();
            var ever = handledBeforeKill.Concat(handledAfter).ToHashSet();
            var lost = acknowledged.Count(id => !ever.Contains(id));
            var twice = handledBeforeKill.Intersect(handledAfter).Count();
            var answered200 = driver.Statuses.Count(s => s == 200);
            var unanswered = driver.Statuses.Count(s => s == 0);
            var (p50, p99, max) = Report.Percentiles(driver, acknowledgedOnly: true);
            Console.WriteLine($"killed (SIGKILL) after {options.Count / 2:N0} answers with about {queuedAtKill:N0} acknowledged notifications not yet handled");
            Console.WriteLine($"answers: {answered200:N0} x 200, {unanswered:N0} unanswered (process gone); ack latency p50 {p50:F2} ms, p99 {p99:F2} ms, max {max:F2} ms");
            Console.WriteLine($"restart on the same store: {handledAfter.Length:N0} handled after it in {(DateTime.UtcNow - started).TotalSeconds:F1} s; handled before the kill: {handledBeforeKill.Length:N0}");
            return Report.PrintChecks(
            [
                ($"the process had a backlog when killed: about {queuedAtKill:N0}", queuedAtKill > 0),
                ($"every acknowledged notification handled: {acknowledged.Count - lost:N0} of {acknowledged.Count:N0} (lost: {lost})", lost == 0 && drained),
                ($"handled twice only where the kill explains it (at most one per handler slot, {options.Handlers}): {twice}", twice <= options.Handlers),
            ]);
        }
        finally
        {
            if (path != "memory")
            {
                foreach (var file in new[] { path, path + "-wal", path + "-shm" })
                {
                    File.Delete(file);
                }
            }
        }
    }
}
