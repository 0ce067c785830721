using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk.AspNetCore.LoadTest;

/// <summary>
/// <c>--redis HOST:PORT</c>: in one run, the in-memory receiver (the baseline), then one and two receiver instances
/// sharing that Redis (queue, duplicate filter), each phase with its own notifications; acknowledged per second, ack
/// latency, and every distinct notification handled exactly once across the instances. Both instances run in this
/// process (two Kestrel hosts, two Redis connections), so they share its cores with the driver.
/// </summary>
internal static class RedisRun
{
    public static async Task<bool> RunAsync(LoadOptions options, CancellationToken deadline)
    {
        if (options.Redis!.Split(':')[0] is var host && host != "localhost" && (!IPAddress.TryParse(host, out var address) || !IPAddress.IsLoopback(address)))
        {
            throw new InvalidOperationException($"--redis must be a loopback address (127.0.0.1:PORT), not {host}.");
        }

        var prefix = "loadtest-" + Guid.NewGuid().ToString("N")[..8];
        var capacity = options.Count + options.Warmup;
        var ok = true;
        Console.WriteLine($"Redis {options.Redis}, key prefix {prefix}; each phase sends {options.Count:N0} notifications after {options.Warmup:N0} warm-up ones");

        await using (var memory = await ReceiverUnderTest.StartAsync(capacity, options.Handlers, options.HandlerDelay, "memory"))
        {
            ok &= await PhaseAsync("in-memory queue, 1 instance (baseline)", [memory], options, idBase: 0, deadline);
        }

        void UseRedis(WithingsBuilder withings) => withings.UseRedis(options.Redis, configure: o => o.KeyPrefix = prefix);
        await using var first = await ReceiverUnderTest.StartAsync(capacity, options.Handlers, options.HandlerDelay, "redis", UseRedis);
        ok &= await PhaseAsync("Redis, 1 instance", [first], options, idBase: 10_000_000_000, deadline);
        await using var second = await ReceiverUnderTest.StartAsync(capacity, options.Handlers, options.HandlerDelay, "redis", UseRedis);
        ok &= await PhaseAsync("Redis, 2 instances", [first, second], options, idBase: 20_000_000_000, deadline);
        return ok && !deadline.IsCancellationRequested;
    }

    private static async Task<bool> PhaseAsync(string name, ReceiverUnderTest[] instances, LoadOptions options, long idBase, CancellationToken deadline)
    {
        if (options.Warmup > 0)
        {
            await SendAsync(instances, Workload.Create(options.Warmup, idBase: idBase + 9_000_000_000), options, deadline);
        }

        // Every listener sees the meters of every host in the process: one instance's snapshot counts them all.
        await WaitForSettledAsync(instances[0], deadline);
        var before = Snapshot.Take(instances[0]);
        var workload = Workload.Create(options.Count, idBase: idBase);
        var (elapsed, drivers) = await SendAsync(instances, workload, options, deadline);
        await WaitForSettledAsync(instances[0], deadline);
        var counted = Snapshot.Take(instances[0]) - before;

        var latencies = drivers.SelectMany(d => d.Latencies.Where((_, i) => d.Statuses[i] == 200)).Order().ToArray();
        var acknowledged = drivers.Sum(d => d.Statuses.Count(s => s == 200));
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        var p50 = latencies.Length == 0 ? 0 : Ms(latencies[latencies.Length / 2]);
        var p99 = latencies.Length == 0 ? 0 : Ms(latencies[Math.Min(latencies.Length - 1, (int)(latencies.Length * 0.99))]);
        Console.WriteLine($"{name}: {acknowledged / elapsed.TotalSeconds:N0} notifications/s acknowledged, ack latency p50 {p50:F2} ms, p99 {p99:F2} ms ({workload.Count:N0} sent in {elapsed.TotalSeconds:F2} s)");

        var distinct = workload.Ids.Where((_, i) => workload.Kinds[i] == RequestKind.Distinct).ToList();
        var handledOnce = distinct.All(id => instances.Sum(r => r.Handled.TryGetValue(id, out var n) ? n : 0) == 1);
        var checks = new (string Name, bool Ok)[]
        {
            ($"HTTP 200 for every request: {acknowledged:N0} of {workload.Count:N0}", acknowledged == workload.Count),
            ($"acknowledged = handled + duplicates + dead-lettered: {counted.Acknowledged:N0} = {counted.Handled:N0} + {counted.Duplicates:N0} + {counted.DeadLettered:N0}", counted.Acknowledged == counted.Settled),
            ($"every distinct notification handled exactly once across the instances ({distinct.Count:N0})", handledOnce),
        };
        foreach (var (check, passed) in checks)
        {
            Console.WriteLine($"  [{(passed ? "ok" : "FAIL")}] {check}");
        }

        return checks.All(c => c.Ok);
    }

    /// <summary>Sends the workload split evenly over the instances, all at once; returns the wall time of the whole.</summary>
    private static async Task<(TimeSpan Elapsed, HttpClientDriver[] Drivers)> SendAsync(ReceiverUnderTest[] instances, Workload workload, LoadOptions options, CancellationToken deadline)
    {
        var parts = workload.Split(instances.Length);
        var drivers = instances.Select((r, i) => new HttpClientDriver(r.Address, parts[i], Math.Max(1, options.Connections / instances.Length), ReceiverUnderTest.NotifyPath)).ToArray();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(drivers.Select(d => d.RunAsync(deadline)));
        return (watch.Elapsed, drivers);
    }

    private static async Task WaitForSettledAsync(ReceiverUnderTest receiver, CancellationToken deadline)
    {
        // Polling is fine here: bookkeeping of a benchmark, bounded by the run's deadline.
        while (!deadline.IsCancellationRequested && Snapshot.Take(receiver) is var s && s.Settled < s.Acknowledged)
        {
            await Task.Delay(10, CancellationToken.None);
        }
    }
}
