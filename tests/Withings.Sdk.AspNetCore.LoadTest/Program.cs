using System.Diagnostics;
using System.Globalization;
using Withings.Sdk.AspNetCore.LoadTest;

// Load and fault test of the Withings receiver (issue: a receiver that never loses a notification).
// Bounded in requests (--count) and time (--max-seconds); sends only to its own Kestrel on 127.0.0.1.
var options = LoadOptions.Parse(args);
using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(options.MaxSeconds));
Console.WriteLine($"Withings receiver {(options.Fault ? "fault" : "load")} test: {options.Count:N0} notifications, {options.Connections} connections, " +
    $"{(options.HttpClient ? "HttpClient" : "socket")} driver, {options.Handlers} handler slots, handler delay {options.HandlerDelay.TotalMilliseconds} ms, {Environment.ProcessorCount} cores, limit {options.MaxSeconds} s");

if (options.Redis is not null)
{
    var passed = await RedisRun.RunAsync(options, deadline.Token);
    Console.WriteLine(passed ? "RESULT: ok" : "RESULT: FAILED");
    return passed ? 0 : 1;
}

await using var receiver = await ReceiverUnderTest.StartAsync(options.Count + options.Warmup, options.Handlers, options.HandlerDelay);

// Warm-up (JIT, connection pool) with notifications of other users, then counted apart.
if (options.Warmup > 0)
{
    var warmup = Workload.Create(options.Warmup, idBase: 9_000_000_000);
    await CreateDriver(options, receiver.Address, warmup, "/withings/notify", null).RunAsync(deadline.Token);
    await WaitForDrainAsync(receiver, warmup.Count, deadline.Token);
}

if (options.Baseline)
{
    var floor = Workload.Create(options.Count);
    var floorDriver = CreateDriver(options, receiver.Address, floor, ReceiverUnderTest.BaselinePath, null);
    var floorCpu = CpuTime();
    var floorElapsed = await floorDriver.RunAsync(deadline.Token);
    Report.Baseline(floor, floorDriver, floorElapsed, CpuTime() - floorCpu);
}

var before = Snapshot.Take(receiver);
var workload = Workload.Create(options.Count);
Task? stopping = null;
var depthAtStop = 0;
var stopWatch = new Stopwatch();
var driver = CreateDriver(options, receiver.Address, workload, "/withings/notify", answered =>
{
    if (options.Fault && answered == options.Count / 2)
    {
        depthAtStop = receiver.Queue.Count;
        stopWatch.Start();
        stopping = Task.Run(() => receiver.App.StopAsync(deadline.Token));
    }
});
var cpuBefore = CpuTime();
var elapsed = await driver.RunAsync(deadline.Token);
if (stopping is not null)
{
    await stopping;
    stopWatch.Stop();
}
else
{
    await WaitForDrainAsync(receiver, before.Acknowledged + workload.Count, deadline.Token);
}

var cpu = CpuTime() - cpuBefore;
var after = Snapshot.Take(receiver) - before;
var ok = options.Fault ? Report.Fault(workload, driver, receiver, after, depthAtStop, stopWatch.Elapsed) : Report.Load(workload, driver, receiver, after, elapsed, cpu);
if (deadline.IsCancellationRequested)
{
    Console.WriteLine($"FAILED: the {options.MaxSeconds} s limit was reached before the run finished");
    ok = false;
}

Console.WriteLine(ok ? "RESULT: ok" : "RESULT: FAILED");
return ok ? 0 : 1;

// Other processes may share the cores: CPU time per notification is the figure that does not depend on them.
static TimeSpan CpuTime() => Process.GetCurrentProcess().TotalProcessorTime;

static IDriver CreateDriver(LoadOptions options, Uri address, Workload workload, string path, Action<int>? progress) => options.HttpClient
    ? new HttpClientDriver(address, workload, options.Connections, path) { Progress = progress }
    : new SocketDriver(address, workload, options.Connections, path) { Progress = progress };

static async Task WaitForDrainAsync(ReceiverUnderTest receiver, long acknowledged, CancellationToken deadline)
{
    // Polling is fine here: this is a benchmark's bookkeeping, bounded by the run's deadline.
    while (!deadline.IsCancellationRequested && Snapshot.Take(receiver).Settled < acknowledged)
    {
        await Task.Delay(10, CancellationToken.None);
    }
}

internal sealed record LoadOptions(int Count, int Connections, int Handlers, TimeSpan HandlerDelay, int MaxSeconds, bool Fault, int Warmup, bool Baseline, bool HttpClient, string? Redis = null)
{
    public static LoadOptions Parse(string[] args)
    {
        var fault = args.Contains("--fault");
        int Int(string name, int fallback)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
        }

        var count = Int("--count", 120_000);
        if (count is < 1 or > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(args), "--count must be between 1 and 1 000 000");
        }

        return new LoadOptions(
            count,
            Math.Clamp(Int("--connections", 32), 1, 512),
            Math.Clamp(Int("--handlers", fault ? 8 : 2), 1, 256),
            TimeSpan.FromMilliseconds(Int("--handler-delay-ms", fault ? 1 : 0)),
            Math.Clamp(Int("--max-seconds", 180), 10, 600),
            fault,
            Math.Clamp(Int("--warmup", 10_000), 0, 100_000),
            args.Contains("--baseline"),
            args.Contains("--httpclient"),
            Array.IndexOf(args, "--redis") is var at && at >= 0 && at + 1 < args.Length ? args[at + 1] : null);
    }
}
