using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Withings.Sdk.Redis.Tests;

/// <summary>
/// Two receiver processes (the sample's <c>serve --redis</c>) share one redis-server; one is SIGKILLed mid-stream and
/// started again, as a crashed pod would be.
/// </summary>
[NonParallelizable]
internal sealed class MultiProcessTests : RedisFixture
{
    private const int Sends = 10_000;
    private const int HandlerConcurrency = 4;

    private static readonly Dictionary<string, string> Settings = new()
    {
        // Short, for a short test; long enough that a live instance's heartbeat, late under this load, is not taken for
        // a death (its entries would then be handled twice).
        ["Withings__Redis__HeartbeatInterval"] = "00:00:00.500",
        ["Withings__Redis__HeartbeatTimeout"] = "00:00:03",
        ["Withings__Redis__PollInterval"] = "00:00:00.050",
        ["Withings__Redis__KeyPrefix"] = "multiprocess",
        ["Withings__Receiver__HandlerConcurrency"] = HandlerConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Test]
    public async Task TenThousandNotificationsWithDuplicates_OneInstanceKilledAndRestarted_EveryAcknowledgedOneHandled()
    {
        await using var survivor = await ServeProcess.StartAsync(Redis, Settings);
        await using var victim = await ServeProcess.StartAsync(Redis, Settings);
        ServeProcess? restarted = null;

        // Each instance listens where the kernel put it; the restarted one takes the victim's place in the rotation.
        var ports = new[] { victim.Port, survivor.Port };
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        // Every fifth send repeats the notification sent three sends earlier, which went to the other instance.
        var userIds = Enumerable.Range(0, Sends).Select(k => k % 5 == 4 ? UserId(k - 3) : UserId(k)).ToArray();
        var acknowledged = new bool[Sends];
        var next = -1;
        var victimDown = false;
        var killed = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var deadPending = 0L;

        async Task KillAndRestartAsync()
        {
            // Frozen first, so that what it holds unacknowledged can be counted; then killed as it is.
            var consumer = string.Empty;
            var guard = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                guard.Elapsed.Should().BeLessThan(TimeSpan.FromMinutes(5), "the victim holds unacknowledged entries at some point while the sends go on");
                victim.Freeze();
                var mine = (await Database.StreamConsumerInfoAsync("{multiprocess}:queue", "receivers"))
                    .FirstOrDefault(c => c.Name.Contains($":{victim.ProcessId}:", StringComparison.Ordinal));
                if (mine.PendingMessageCount > 0)
                {
                    consumer = mine.Name;
                    deadPending = mine.PendingMessageCount;
                    break;
                }

                victim.Thaw();
                await Task.Delay(5);
            }

            Volatile.Write(ref victimDown, true);
            await victim.KillAsync();
            killed.SetResult(victim.ProcessId);

            // The survivor takes over what the dead instance held, once its heartbeat has not moved for 3 seconds, and
            // then removes the emptied consumer from the group.
            await RedisServer.WaitUntilAsync(async () => (await Database.StreamConsumerInfoAsync("{multiprocess}:queue", "receivers"))
                .All(c => c.Name != consumer));
            restarted = await ServeProcess.StartAsync(Redis, Settings);
            Volatile.Write(ref ports[0], restarted.Port);
            Volatile.Write(ref victimDown, false);
        }

        Task? killer = null;
        async Task SendAsync()
        {
            int k;
            while ((k = Interlocked.Increment(ref next)) < Sends)
            {
                if (k == Sends * 2 / 5)
                {
                    killer = KillAndRestartAsync();
                }

                for (var attempt = 0; !acknowledged[k]; attempt++)
                {
                    // Round robin; while an instance is down (or refuses), Withings' retry reaches the other one.
                    var first = (k + attempt) % 2 == 0;
                    if (first && Volatile.Read(ref victimDown))
                    {
                        continue;
                    }

                    var port = Volatile.Read(ref ports[first ? 0 : 1]);

                    try
                    {
                        using var content = new StringContent(Payloads.Weight(userIds[k]), Encoding.UTF8);
                        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
                        using var response = await client.PostAsync(new Uri($"http://127.0.0.1:{port}/withings/notify?secret={RedisReceiverHost.Secret}"), content);
                        acknowledged[k] = response.StatusCode == HttpStatusCode.OK;
                    }
                    catch (HttpRequestException)
                    {
                        // The killed instance: no answer, not acknowledged.
                    }

                    if (!acknowledged[k])
                    {
                        await Task.Delay(10);
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(SendAsync)));
        await killer!;
        await using var second = restarted!;

        var expected = userIds.Distinct().ToHashSet();
        expected.Should().HaveCount(Sends * 4 / 5);
        await RedisServer.WaitUntilAsync(
            () => Task.FromResult(expected.IsSubsetOf(victim.Handled.Concat(survivor.Handled).Concat(second.Handled))),
            TimeSpan.FromMinutes(5));

        // Every entry acknowledged and deleted, the taken-over ones included: nothing is left to handle. Then both
        // instances go, so that every line they printed has been read before counting.
        await RedisServer.WaitUntilAsync(async () => await Database.StreamLengthAsync("{multiprocess}:queue") == 0, TimeSpan.FromMinutes(5));
        await survivor.KillAsync();
        await second.KillAsync();

        var handled = victim.Handled.Concat(survivor.Handled).Concat(second.Handled).ToList();
        handled.Should().OnlyContain(id => expected.Contains(id));
        var twice = handled.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        // Handled twice only when the killed instance had handled it but not yet acknowledged it.
        twice.Where(id => !victim.Handled.Contains(id)).Should().BeEmpty();
        twice.Count.Should().BeLessThanOrEqualTo((int)deadPending);
        deadPending.Should().BeInRange(1, HandlerConcurrency);
        handled.Count(id => !twice.Contains(id)).Should().Be(expected.Count - twice.Count);
    }

    private static long UserId(int send) => 100_000 + send;
}
