using System.Diagnostics;
using System.Globalization;
using Withings.Sdk.AspNetCore.LoadTest;

// Load and fault test of the Withings receiver (issue: a receiver that never loses a notification).
// Bounded in requests (--count) and time (--max-seconds); sends only to its own Kestrel on 127.0.0.1.
if (args is ["--dashboard"])
{
    // The dashboard's page weight and serve time with 10 000 notifications in the store (DashboardRun.cs).
    using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
    var measured = await DashboardRun.RunAsync(limit.Token);
    Console.WriteLine(measured ? "RESULT: ok" : "RESULT: FAILED");
    return measured ? 0 : 1;
}

var options = LoadOptions.Parse(args);
using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(options.MaxSeconds));
Console.WriteLine($"Withings receiver {(options.Hostile ? "hostile-mix" : options.Fault ? "fault (kill -9)" : "load")} test: {options.Count:N0} notifications, {options.Connections} connections, " +
    $"{(options.HttpClient ? "HttpClient" : "socket")} driver, {options.Handlers} handler slots, handler delay {options.HandlerDelay.TotalMilliseconds} ms, " +
    $"{(options.Redis is null ? "store " + string.Join(" + ", options.Stores) : "in-memory queue, then Redis")}, {Environment.ProcessorCount} cores, limit {options.MaxSeconds} s");

if (options.Redis is not null)
{
    // The Redis comparison runs its own phases (in-memory baseline, one and two instances on Redis).
    var passed = await RedisRun.RunAsync(options, deadline.Token);
    Console.WriteLine(passed ? "RESULT: ok" : "RESULT: FAILED");
    return passed ? 0 : 1;
}

var ok = true;
if (options.Hostile)
{
    foreach (var store in options.Stores)
    {
        Console.WriteLine($"--- store: {store}");
        await using var receiver = await ReceiverUnderTest.StartAsync(options.Count + options.Warmup, options.Handlers, options.HandlerDelay, store);
        ok &= await HostileMix.RunAsync(receiver, options, deadline.Token);
    }
}
else if (options.Fault)
{
    foreach (var store in options.Stores)
    {
        ok &= await KillFault.RunAsync(options, store, deadline.Token);
    }
}
else
{
    var results = new List<StoreResult>();
    foreach (var store in options.Stores)
    {
        var (passed, result) = await RunLoadAsync(options, store, deadline.Token);
        ok &= passed;
        results.Add(result);
    }

    ok &= Report.Compare(results);
}

if (deadline.IsCancellationRequested)
{
    Console.WriteLine($"FAILED: the {options.MaxSeconds} s limit was reached before the run finished");
    ok = false;
}

Console.WriteLine(ok ? "RESULT: ok" : "RESULT: FAILED");
return ok ? 0 : 1;

static async Task<(bool Ok, StoreResult Result)> RunLoadAsync(LoadOptions options, string store, CancellationToken deadline)
{
    Console.WriteLine($"--- store: {store}");
    await using var receiver = await ReceiverUnderTest.StartAsync(options.Count + options.Warmup, options.Handlers, options.HandlerDelay, store);

    // Warm-up (JIT, connection pool) with notifications of other users, then counted apart.
    if (options.Warmup > 0)
    {
        var warmup = Workload.Create(options.Warmup, idBase: 9_000_000_000);
        await CreateDriver(options, receiver.Address, warmup, ReceiverUnderTest.NotifyPath).RunAsync(deadline);
        await WaitForDrainAsync(receiver, warmup.Count, deadline);
    }

    if (options.Baseline)
    {
        var floor = Workload.Create(options.Count);
        var floorDriver = CreateDriver(options, receiver.Address, floor, ReceiverUnderTest.BaselinePath);
        var floorCpu = CpuTime();
        var floorElapsed = await floorDriver.RunAsync(deadline);
        Report.Baseline(floor, floorDriver, floorElapsed, CpuTime() - floorCpu);
    }

    var before = Snapshot.Take(receiver);
    var workload = Workload.Create(options.Count);
    var driver = CreateDriver(options, receiver.Address, workload, ReceiverUnderTest.NotifyPath);
    var cpuBefore = CpuTime();
    var elapsed = await driver.RunAsync(deadline);
    await WaitForDrainAsync(receiver, before.Acknowledged + workload.Count, deadline);
    var cpu = CpuTime() - cpuBefore;
    var after = Snapshot.Take(receiver) - before;
    var ok = Report.Load(workload, driver, receiver, after, elapsed, cpu);
    return (ok, new StoreResult(store, workload.Count / elapsed.TotalSeconds, Report.Percentiles(driver, acknowledgedOnly: true).P99));
}

// Other processes may share the cores: CPU time per notification is the figure that does not depend on them.
static TimeSpan CpuTime() => Process.GetCurrentProcess().TotalProcessorTime;

static IDriver CreateDriver(LoadOptions options, Uri address, Workload workload, string path) => options.HttpClient
    ? new HttpClientDriver(address, workload, options.Connections, path)
    : new SocketDriver(address, workload, options.Connections, path);

static async Task WaitForDrainAsync(ReceiverUnderTest receiver, long acknowledged, CancellationToken deadline)
{
    // Polling is fine here: this is a benchmark's bookkeeping, bounded by the run's deadline.
    while (!deadline.IsCancellationRequested && Snapshot.Take(receiver).Settled < acknowledged)
    {
        await Task.Delay(10, CancellationToken.None);
    }
}

internal sealed record LoadOptions(int Count, int Connections, int Handlers, TimeSpan HandlerDelay, int MaxSeconds, bool Fault, int Warmup, bool Baseline, bool HttpClient, IReadOnlyList<string> Stores, bool Hostile, int HugeWindows, string? Redis)
{
    private static readonly string[] KnownStores = ["memory", "durable", "durable-full"];

    public static LoadOptions Parse(string[] args)
    {
        var fault = args.Contains("--fault");
        int Int(string name, int fallback)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
        }

        var hostile = args.Contains("--hostile");
        var count = Int("--count", hostile || fault ? 20_000 : 120_000);
        if (count is < 1 or > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(args), "--count must be between 1 and 1 000 000");
        }

        // --store memory|durable|durable-full, or several separated by commas; by default all of them in one run
        // (load) so that the durable store's figures are read against the in-memory queue's on the same machine state;
        // the hostile mix runs on the in-memory queue unless told otherwise, as its recorded figures did.
        var storeAt = Array.IndexOf(args, "--store");
        var stores = storeAt >= 0 && storeAt + 1 < args.Length
            ? args[storeAt + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : fault ? ["durable"] : hostile ? ["memory"] : KnownStores;
        if (stores.Length == 0 || stores.Any(s => !KnownStores.Contains(s)))
        {
            throw new ArgumentException("--store takes memory, durable or durable-full (several separated by commas)", nameof(args));
        }

        return new LoadOptions(
            count,
            Math.Clamp(Int("--connections", 32), 1, 512),
            Math.Clamp(Int("--handlers", fault ? 8 : 2), 1, 256),
            TimeSpan.FromMilliseconds(Int("--handler-delay-ms", fault ? 1 : 0)),
            Math.Clamp(Int("--max-seconds", 180), 10, 600),
            fault,
            Math.Clamp(Int("--warmup", hostile ? 5_000 : 10_000), 0, 100_000),
            args.Contains("--baseline"),
            args.Contains("--httpclient"),
            stores,
            hostile,
            Math.Clamp(Int("--huge", 2), 0, 100),
            Array.IndexOf(args, "--redis") is var at && at >= 0 && at + 1 < args.Length ? args[at + 1] : null);
    }
}

/// <summary>One store's headline figures, for the comparison across stores in the same run.</summary>
internal sealed record StoreResult(string Store, double PerSecond, double P99Milliseconds);
