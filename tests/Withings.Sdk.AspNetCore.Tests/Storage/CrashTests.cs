using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>
/// A real process hosting the receiver on the durable store is killed with SIGKILL while most acknowledged
/// notifications are still queued, then started again on the same file: every acknowledged one is handled.
/// </summary>
[NonParallelizable]
public sealed partial class CrashTests : TemporaryStoreTest
{
    private const int Handlers = 4;

    [Test]
    public async Task Kill_WithThousandsQueued_EveryAcknowledgedNotificationIsHandledAfterRestart()
    {
        const int count = 3000;

        // Past 500 handled notifications the child's handlers hold until the kill: most are still queued by then,
        // however fast the machine handles or however slowly it accepts.
        const int holdAfter = 500;
        HashSet<long> acknowledged;
        long[] handledBeforeKill;
        int queuedAtKill;
        await using (var first = await ChildReceiver.StartAsync(StorePath, handlerDelayMs: 20, handlers: Handlers, holdAfter: holdAfter))
        {
            acknowledged = await PostAsync(first.Address, Enumerable.Range(1, count).Select(i => 1_000_000L + i), concurrency: 32, stopAfter: null);
            await first.KillAsync();
            handledBeforeKill = [.. first.Handled];
            queuedAtKill = acknowledged.Count - handledBeforeKill.Distinct().Count();
        }

        acknowledged.Should().HaveCount(count, "the queue had room for every notification");
        handledBeforeKill.Should().HaveCountLessThanOrEqualTo(holdAfter);
        queuedAtKill.Should().BeGreaterThan(count / 2, "the handlers held: most were still queued when the process was killed");

        await using var second = await ChildReceiver.StartAsync(StorePath, handlerDelayMs: 0, handlers: Handlers);
        await second.WaitUntilHandledAsync([.. acknowledged.Except(handledBeforeKill)], TimeSpan.FromMinutes(5));

        // Stopped cleanly (it drains what is left), so that every line it printed has been read.
        await second.StopAsync();
        var recovered = RecoveredCount(second.Log);
        var handledAfter = second.Handled.ToArray();

        // Handled at least once, each: before the kill or after the restart.
        var everHandled = handledBeforeKill.Concat(handledAfter).ToHashSet();
        acknowledged.Except(everHandled).Should().BeEmpty("every acknowledged notification is handled");

        // Twice only for those handled but not yet marked processed when killed: at most one per handler slot.
        var twice = handledBeforeKill.Intersect(handledAfter).Count();
        twice.Should().BeLessThanOrEqualTo(Handlers);
        recovered.Should().Be(queuedAtKill + twice, "the restart found exactly the unprocessed rows");
        handledAfter.Should().HaveCount(recovered, "the restart handled each recovered row once");
    }

    [Test]
    public async Task Kill_WhileGroupedCommitsAreInFlight_LosesNothingAcknowledgedAndTheFileOpens()
    {
        HashSet<long> acknowledged;
        int inFlightAtKill;
        long[] handledBeforeKill;
        await using (var first = await ChildReceiver.StartAsync(StorePath, handlerDelayMs: 50, handlers: Handlers))
        {
            // 64 requests at once keep the writer committing groups back to back; the kill lands among them.
            var ids = Enumerable.Range(1, 100_000).Select(i => 2_000_000L + i);
            (acknowledged, inFlightAtKill) = await PostUntilKilledAsync(first, ids, concurrency: 64, killAfter: 1500);
            handledBeforeKill = [.. first.Handled];
        }

        inFlightAtKill.Should().BeGreaterThan(0, "requests were waiting for their commit when the process died");
        await using var second = await ChildReceiver.StartAsync(StorePath, handlerDelayMs: 0, handlers: Handlers);
        await second.WaitUntilHandledAsync([.. acknowledged.Except(handledBeforeKill)], TimeSpan.FromMinutes(5));
        await second.StopAsync();

        acknowledged.Except(second.Handled).Except(handledBeforeKill).Should().BeEmpty();
        second.Log.Should().Contain("opened (ProcessCrash)", "the file killed mid-commit opens as a store");
    }

    internal static async Task<HashSet<long>> PostAsync(Uri address, IEnumerable<long> ids, int concurrency, int? stopAfter)
    {
        using var client = Client(address, concurrency);
        var acknowledged = new ConcurrentDictionary<long, bool>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (id, ct) =>
        {
            using var response = await client.PostAsync(Callback, Body(id), ct);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                acknowledged[id] = true;
            }
        });
        return [.. acknowledged.Keys];
    }

    private static async Task<(HashSet<long> Acknowledged, int InFlight)> PostUntilKilledAsync(ChildReceiver child, IEnumerable<long> ids, int concurrency, int killAfter)
    {
        using var client = Client(child.Address, concurrency);
        var acknowledged = new ConcurrentDictionary<long, bool>();
        var inFlight = 0;
        var inFlightAtKill = -1;
        using var killed = new CancellationTokenSource();
        var kill = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var posting = Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = killed.Token }, async (id, ct) =>
        {
            Interlocked.Increment(ref inFlight);
            try
            {
                using var response = await client.PostAsync(Callback, Body(id), ct);
                // At or past: two answers counted at once may step over the exact number.
                if (response.StatusCode == HttpStatusCode.OK && acknowledged.TryAdd(id, true) && acknowledged.Count >= killAfter)
                {
                    kill.TrySetResult();
                }
            }
            catch (HttpRequestException)
            {
                // The server died with this request in flight: not acknowledged, Withings would retry it.
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        });
        await kill.Task.WaitAsync(TimeSpan.FromMinutes(5));
        var snapshot = acknowledged.Keys.ToHashSet();
        inFlightAtKill = Volatile.Read(ref inFlight);
        await child.KillAsync();

        // Answers read after the kill was decided still count: each was a 200 the server sent before dying.
        await killed.CancelAsync();
        try
        {
            await posting;
        }
        catch (OperationCanceledException)
        {
        }

        snapshot.UnionWith(acknowledged.Keys);
        return (snapshot, inFlightAtKill);
    }

    private static HttpClient Client(Uri address, int connections) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };

    private static Uri Callback => new("/withings/notify?secret=" + ChildReceiver.Secret, UriKind.Relative);

    private static StringContent Body(long id) =>
        new(Payloads.Weight(id, 1530576000), Encoding.UTF8, "application/x-www-form-urlencoded");

    private static int RecoveredCount(string log)
    {
        var match = RecoveredLine().Match(log);
        match.Success.Should().BeTrue("the store logs what it found at start: " + log);
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"opened \(ProcessCrash\): (\d+) acknowledged notifications to handle again")]
    private static partial Regex RecoveredLine();
}
