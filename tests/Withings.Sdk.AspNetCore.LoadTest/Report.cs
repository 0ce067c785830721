using System.Diagnostics;

namespace Withings.Sdk.AspNetCore.LoadTest;

/// <summary>Prints the figures and checks that nothing acknowledged was lost.</summary>
internal static class Report
{
    private const double TargetPerSecond = 20_000;
    private const double TargetP99Milliseconds = 10;

    public static bool Load(Workload workload, IDriver driver, ReceiverUnderTest receiver, Snapshot counted, TimeSpan elapsed, TimeSpan cpu)
    {
        var acknowledged = driver.Statuses.Count(s => s == 200);
        var perSecond = workload.Count / elapsed.TotalSeconds;
        var (p50, p99, max) = Percentiles(driver, acknowledgedOnly: true);
        Console.WriteLine($"sent: {workload.Count:N0} ({workload.Distinct:N0} distinct, {workload.Duplicates:N0} duplicates, {workload.Garbage:N0} garbage) in {elapsed.TotalSeconds:F2} s");
        Console.WriteLine($"throughput: {perSecond:N0} notifications/s acknowledged (target >= {TargetPerSecond:N0}: {(perSecond >= TargetPerSecond ? "met" : "missed")})");
        Console.WriteLine($"ack latency: p50 {p50:F2} ms, p99 {p99:F2} ms, max {max:F2} ms (target p99 < {TargetP99Milliseconds} ms: {(p99 < TargetP99Milliseconds ? "met" : "missed")})");
        PrintCpu(workload.Count, cpu, "received, handled and driven to completion");
        PrintCounters(counted);

        var handledOnce = workload.Ids.Where((id, i) => workload.Kinds[i] == RequestKind.Distinct).All(id => receiver.Handled.TryGetValue(id, out var n) && n == 1);
        var checks = new (string Name, bool Ok)[]
        {
            ($"HTTP 200 for every request: {acknowledged:N0} of {workload.Count:N0}", acknowledged == workload.Count),
            ($"received = acknowledged = sent: {counted.Received:N0} = {counted.Acknowledged:N0} = {workload.Count:N0}", counted.Received == workload.Count && counted.Acknowledged == workload.Count),
            ($"acknowledged = handled + duplicates + dead-lettered: {counted.Acknowledged:N0} = {counted.Handled:N0} + {counted.Duplicates:N0} + {counted.DeadLettered:N0}", counted.Acknowledged == counted.Settled),
            ($"handled = distinct sent: {counted.Handled:N0} = {workload.Distinct:N0}", counted.Handled == workload.Distinct),
            ($"duplicates = duplicates sent: {counted.Duplicates:N0} = {workload.Duplicates:N0}", counted.Duplicates == workload.Duplicates),
            ($"dead-lettered = garbage sent = dead letters written: {counted.DeadLettered:N0} = {workload.Garbage:N0} = {counted.DeadLettersWritten:N0}", counted.DeadLettered == workload.Garbage && counted.DeadLettersWritten == workload.Garbage),
            ("every distinct notification handled exactly once (lost: " + workload.Ids.Where((id, i) => workload.Kinds[i] == RequestKind.Distinct && !receiver.Handled.ContainsKey(id)).Count() + ")", handledOnce),
        };
        return PrintChecks(checks);
    }

    // The durable store's goals, against the in-memory queue measured in the same run.
    private const double DurableShareOfMemory = 0.5;
    private const double DurableP99Milliseconds = 20;

    /// <summary>Each durable store against the in-memory queue of the same run: rate ratio and p99.</summary>
    public static bool Compare(IReadOnlyList<StoreResult> results)
    {
        Console.WriteLine("--- stores compared (same run):");
        foreach (var result in results)
        {
            Console.WriteLine($"  {result.Store,-13} {result.PerSecond,10:N0} acknowledged/s   p99 {result.P99Milliseconds,6:F2} ms");
        }

        var memory = results.FirstOrDefault(r => r.Store == "memory");
        var durable = results.FirstOrDefault(r => r.Store == "durable");
        if (memory is null || durable is null)
        {
            return true;
        }

        var share = durable.PerSecond / memory.PerSecond;
        return PrintChecks(
        [
            ($"durable (process-crash safe) rate >= {DurableShareOfMemory:P0} of in-memory: {share:P0}", share >= DurableShareOfMemory),
            ($"durable p99 <= {DurableP99Milliseconds} ms: {durable.P99Milliseconds:F2} ms", durable.P99Milliseconds <= DurableP99Milliseconds),
        ]);
    }

    public static void Baseline(Workload workload, IDriver driver, TimeSpan elapsed, TimeSpan cpu)
    {
        var (p50, p99, max) = Percentiles(driver, acknowledgedOnly: true);
        Console.WriteLine($"baseline (same server and driver, an endpoint that does nothing): {workload.Count / elapsed.TotalSeconds:N0} requests/s, p50 {p50:F2} ms, p99 {p99:F2} ms, max {max:F2} ms");
        PrintCpu(workload.Count, cpu, "baseline");
    }

    private static void PrintCpu(int count, TimeSpan cpu, string what)
    {
        var perItem = cpu.TotalMilliseconds * 1000 / count;
        Console.WriteLine($"process CPU ({what}, driver included): {cpu.TotalSeconds:F2} s, {perItem:F1} us per notification; " +
            $"{Environment.ProcessorCount} idle cores would allow about {Environment.ProcessorCount * 1_000_000 / perItem:N0}/s");
    }

    private static void PrintCounters(Snapshot c) =>
        Console.WriteLine($"receiver counters: received {c.Received:N0}, acknowledged {c.Acknowledged:N0}, rejected {c.Rejected:N0}, handled {c.Handled:N0}, duplicates {c.Duplicates:N0}, dead-lettered {c.DeadLettered:N0}");

    internal static bool PrintChecks((string Name, bool Ok)[] checks)
    {
        foreach (var (name, ok) in checks)
        {
            Console.WriteLine($"  [{(ok ? "ok" : "FAIL")}] {name}");
        }

        return checks.All(c => c.Ok);
    }

    internal static (double P50, double P99, double Max) Percentiles(IDriver driver, bool acknowledgedOnly)
    {
        var latencies = driver.Latencies.Where((_, i) => !acknowledgedOnly || driver.Statuses[i] == 200).Order().ToArray();
        if (latencies.Length == 0)
        {
            return (0, 0, 0);
        }

        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        return (Ms(latencies[(int)(latencies.Length * 0.50)]), Ms(latencies[Math.Min(latencies.Length - 1, (int)(latencies.Length * 0.99))]), Ms(latencies[^1]));
    }
}
