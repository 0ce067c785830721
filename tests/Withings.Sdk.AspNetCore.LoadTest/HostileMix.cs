using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Withings.Sdk.AspNetCore.LoadTest;

/// <summary>
/// Legitimate traffic twice in one run: alone, then alongside a hostile mix (huge planning windows, forged posts
/// without the secret, bodies that arrive too slowly, 64 KiB bodies). Reports the legitimate notifications' p99
/// acknowledgement latency and the process's peak memory for both phases, and checks the counters' identities.
/// </summary>
internal static class HostileMix
{
    private const double MaxP99Ratio = 2.0;
    private const long MaxPeakBytes = 256L * 1024 * 1024;

    // The two bodies of the issue: a window to the year 9999 for intraday activity, and to 2038 for sleep.
    private static readonly string[] HugeWindows =
    [
        "appli=16&startdate=0&enddate=253402300799",
        "appli=44&startdate=0&enddate=2147483647",
    ];

    public static async Task<bool> RunAsync(ReceiverUnderTest receiver, LoadOptions options, CancellationToken deadline)
    {
        Console.WriteLine($"hostile mix: {options.Count:N0} legitimate notifications per phase; hostile phase adds {options.HugeWindows} huge windows of each kind, " +
            $"{options.Count:N0} forged posts, {SlowConnections} slow-body connections and {BigBodies:N0} bodies of {BigBodyBytes / 1024} KiB");
        var warmup = Workload.Create(options.Warmup, idBase: 9_000_000_000);
        await new SocketDriver(receiver.Address, warmup, options.Connections, ReceiverUnderTest.NotifyPath).RunAsync(deadline);
        await WaitForSettledAsync(receiver, deadline);

        var calm = await MeasureAsync(receiver, options, idBase: 1_000_000, hostile: false, deadline);
        var stormy = await MeasureAsync(receiver, options, idBase: 2_000_000, hostile: true, deadline);

        Console.WriteLine($"legitimate alone:         p50 {calm.P50:F2} ms, p99 {calm.P99:F2} ms; peak working set {Mb(calm.PeakWorkingSet)} MB, peak GC heap {Mb(calm.PeakHeap)} MB");
        Console.WriteLine($"legitimate + hostile mix: p50 {stormy.P50:F2} ms, p99 {stormy.P99:F2} ms; peak working set {Mb(stormy.PeakWorkingSet)} MB, peak GC heap {Mb(stormy.PeakHeap)} MB");
        Console.WriteLine($"hostile answers: {stormy.HostileAnswers}; largest fetch plan handled: {receiver.LargestPlan:N0} requests");
        var ratio = calm.P99 > 0 ? stormy.P99 / calm.P99 : double.PositiveInfinity;
        Console.WriteLine($"p99 ratio (hostile / alone): {ratio:F2} (goal < {MaxP99Ratio}); peak working set with the hostile mix {Mb(stormy.PeakWorkingSet)} MB (goal < {Mb(MaxPeakBytes)} MB)");

        var counted = Snapshot.Take(receiver);
        var checks = new (string Name, bool Ok)[]
        {
            ($"every legitimate notification acknowledged, both phases: {calm.Acknowledged:N0} + {stormy.Acknowledged:N0} of {2 * options.Count:N0}", calm.Acknowledged == options.Count && stormy.Acknowledged == options.Count),
            ($"received = acknowledged + rejected: {counted.Received:N0} = {counted.Acknowledged:N0} + {counted.Rejected:N0}", counted.Received == counted.Acknowledged + counted.Rejected),
            ($"acknowledged = handled + duplicates + dead-lettered: {counted.Acknowledged:N0} = {counted.Handled:N0} + {counted.Duplicates:N0} + {counted.DeadLettered:N0}", counted.Acknowledged == counted.Settled),
            ($"p99 moved by less than {MaxP99Ratio}x: {ratio:F2}", ratio < MaxP99Ratio),
            ($"peak working set under {Mb(MaxPeakBytes)} MB: {Mb(stormy.PeakWorkingSet)} MB", stormy.PeakWorkingSet < MaxPeakBytes),
        };
        var ok = true;
        foreach (var (name, passed) in checks)
        {
            Console.WriteLine($"  [{(passed ? "ok" : "FAILED")}] {name}");
            ok &= passed;
        }

        Console.WriteLine(ok ? "RESULT: ok" : "RESULT: FAILED");
        return ok;
    }

    private const int SlowConnections = 64;
    private const int BigBodies = 1_500;
    private const int BigBodiesDistinct = 256;
    private const int BigBodyBytes = 64 * 1024 - 64;

    private static async Task<Phase> MeasureAsync(ReceiverUnderTest receiver, LoadOptions options, long idBase, bool hostile, CancellationToken deadline)
    {
        // Both phases start from a collected heap, so that the first phase's garbage is not counted in the second.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var phase = CancellationTokenSource.CreateLinkedTokenSource(deadline);
        var sampler = SampleMemoryAsync(receiver, phase.Token);
        var legitimate = Workload.Create(options.Count, idBase);
        var legitimateDriver = new SocketDriver(receiver.Address, legitimate, options.Connections, ReceiverUnderTest.NotifyPath);
        var hostileTasks = new List<Task<string>>();
        if (hostile)
        {
            hostileTasks.Add(DriveAsync("huge windows", HugeBodies(options.HugeWindows), 2, ReceiverUnderTest.NotifyPath, receiver, deadline));
            hostileTasks.Add(DriveAsync("forged", ForgedBodies(options.Count), 8, "/withings/notify", receiver, deadline));
            hostileTasks.Add(DriveAsync("64 KiB", BigBodiesOf(BigBodies), 4, ReceiverUnderTest.NotifyPath, receiver, deadline));
            hostileTasks.Add(SlowBodiesAsync(receiver.Address, phase.Token));
        }

        await legitimateDriver.RunAsync(deadline);
        await phase.CancelAsync();
        var answers = await Task.WhenAll(hostileTasks);
        await WaitForSettledAsync(receiver, deadline);
        var (peakWorkingSet, peakHeap) = await sampler;
        var latencies = legitimateDriver.Latencies.Where((_, i) => legitimateDriver.Statuses[i] == 200).Order().ToArray();
        return new Phase(
            legitimateDriver.Statuses.Count(s => s == 200),
            Milliseconds(latencies, 0.50),
            Milliseconds(latencies, 0.99),
            peakWorkingSet,
            peakHeap,
            string.Join("; ", answers));
    }

    private static async Task<string> DriveAsync(string name, byte[][] bodies, int connections, string path, ReceiverUnderTest receiver, CancellationToken deadline)
    {
        var driver = new SocketDriver(receiver.Address, Workload.Of(bodies, RequestKind.Hostile), connections, path);
        await driver.RunAsync(deadline);
        return $"{name}: " + string.Join(", ", driver.Statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Count():N0} x {(g.Key == 0 ? "none" : g.Key)}"));
    }

    /// <summary>Connections that declare a body and send almost none of it, re-opened as Kestrel cuts them.</summary>
    private static async Task<string> SlowBodiesAsync(Uri address, CancellationToken phase)
    {
        var answers = new int[600];
        var workers = Enumerable.Range(0, SlowConnections).Select(_ => Task.Run(async () =>
        {
            var head = Encoding.ASCII.GetBytes($"POST {ReceiverUnderTest.NotifyPath} HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 200\r\n\r\nuserid=1");
            var buffer = new byte[512];
            while (!phase.IsCancellationRequested)
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                var status = 0;
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, address.Port), phase);
                    await socket.SendAsync(head, SocketFlags.None, phase);
                    var read = await socket.ReceiveAsync(buffer, SocketFlags.None, phase);
                    status = read >= 12 ? int.Parse(Encoding.ASCII.GetString(buffer, 9, 3), System.Globalization.CultureInfo.InvariantCulture) : 0;
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
                {
                }

                Interlocked.Increment(ref answers[Math.Clamp(status, 0, answers.Length - 1)]);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        return "slow bodies: " + string.Join(", ", answers.Select((n, s) => (n, s)).Where(a => a.n > 0).Select(a => $"{a.n:N0} x {(a.s == 0 ? "cut/unanswered" : a.s)}"));
    }

    private static byte[][] HugeBodies(int each) =>
        Enumerable.Range(0, each).SelectMany(i => HugeWindows.Select(w => Encoding.ASCII.GetBytes($"userid={500_000_000 + i}&{w}"))).ToArray();

    // Well-formed notifications, which the missing secret alone must stop.
    private static byte[][] ForgedBodies(int count) =>
        Enumerable.Range(0, count).Select(i => Encoding.ASCII.GetBytes($"userid={600_000_000 + i}&appli=46&action=unlink")).ToArray();

    // Valid notifications padded to 64 KiB with an unknown field: parsed, queued and handled, as a hostile sender's
    // would be. The driver shares this process, so it holds few distinct bodies (16 MB) and sends each several
    // times: the repeats take the same read-and-parse path and are then dropped as duplicates.
    private static byte[][] BigBodiesOf(int count)
    {
        var distinct = Enumerable.Range(0, BigBodiesDistinct).Select(i =>
        {
            var body = new byte[BigBodyBytes];
            var written = Encoding.ASCII.GetBytes($"userid={700_000_000 + i}&appli=1&startdate=1530576000&enddate=1530698753&padding=", body);
            body.AsSpan(written).Fill((byte)'x');
            return body;
        }).ToArray();
        return Enumerable.Range(0, count).Select(i => distinct[i % distinct.Length]).ToArray();
    }

    private static async Task<(long WorkingSet, long Heap)> SampleMemoryAsync(ReceiverUnderTest receiver, CancellationToken phase)
    {
        long workingSet = 0, heap = 0, depth = 0;
        using var process = Process.GetCurrentProcess();
        while (!phase.IsCancellationRequested)
        {
            process.Refresh();
            workingSet = Math.Max(workingSet, process.WorkingSet64);
            heap = Math.Max(heap, GC.GetTotalMemory(forceFullCollection: false));
            depth = Math.Max(depth, receiver.Store.GetStatus().Waiting);
            try
            {
                await Task.Delay(20, phase);
            }
            catch (OperationCanceledException)
            {
            }
        }

        Console.WriteLine($"  (phase: deepest queue {depth:N0} waiting; live heap after a full collection {Mb(GC.GetTotalMemory(forceFullCollection: true))} MB)");
        return (workingSet, heap);
    }

    private static async Task WaitForSettledAsync(ReceiverUnderTest receiver, CancellationToken deadline)
    {
        // Polling is fine here: benchmark bookkeeping, bounded by the run's deadline.
        while (!deadline.IsCancellationRequested && Snapshot.Take(receiver) is var s && s.Settled < s.Acknowledged)
        {
            await Task.Delay(10, CancellationToken.None);
        }
    }

    private static double Milliseconds(long[] sorted, double quantile) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * quantile))] * 1000.0 / Stopwatch.Frequency;

    private static long Mb(long bytes) => bytes / (1024 * 1024);

    private sealed record Phase(int Acknowledged, double P50, double P99, long PeakWorkingSet, long PeakHeap, string HostileAnswers);
}
