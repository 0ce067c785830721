using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Withings.Sdk.AspNetCore;

namespace Withings.Sdk.Redis.Tests;

/// <summary>
/// How the shared queue heals: an instance killed (SIGKILL of a child process running the sample's <c>serve</c>),
/// restarted, or slow. The instance that takes over runs in this process on a fake clock, which the test steps by
/// heartbeat intervals: its timing of the others' heartbeats is on that clock, so 60 seconds pass in a moment.
/// </summary>
[NonParallelizable]
internal sealed class HealingTests : RedisFixture
{
    private static readonly WithingsRedisOptions Defaults = new();

    [TestCase(true, TestName = "KilledInstancesEntry_IsTakenOverByARunningSurvivorWithin60Seconds_WithDefaultOptions")]
    [TestCase(false, TestName = "KilledInstancesEntry_IsTakenOverByTheInstanceStartedAfterItWithin60Seconds_WithDefaultOptions")]
    public async Task KilledInstancesEntry_IsTakenOverWithin60Seconds(bool survivorRunsBeforeTheKill)
    {
        var prefix = NewPrefix();
        var victim = await ServeProcess.StartAsync(Redis, Environment(prefix), "--handler-delay", "600000");
        await using var dead = victim;
        var victimName = string.Create(CultureInfo.InvariantCulture, $":{victim.ProcessId}:");
        (await PostAsync(victim.Port, Payloads.Weight(4242))).Should().Be(HttpStatusCode.OK);
        await RedisServer.WaitUntilAsync(async () => await PendingAsync(prefix, victimName) == 1);

        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        RedisReceiverHost? running = survivorRunsBeforeTheKill ? await RedisReceiverHost.StartAsync(Redis, prefix, time: clock) : null;
        if (running is not null)
        {
            await RedisReceiverHost.StartedAsync(running);
        }

        await victim.KillAsync();
        var killedAt = clock.GetUtcNow();
        await using var survivor = running ?? await RedisReceiverHost.StartAsync(Redis, prefix, time: clock);
        await RedisReceiverHost.StartedAsync(survivor);

        while (survivor.Handled.IsEmpty)
        {
            (clock.GetUtcNow() - killedAt).Should().BeLessThan(TimeSpan.FromSeconds(60), "the dead instance's entry must be taken over within 60 s");
            await RedisReceiverHost.StepAsync(clock, Defaults.HeartbeatInterval, survivor);

            // Taken for dead by this round: its entry is handled before the clock moves again.
            if (survivor.Queue.Heartbeat.DeadConsumers.Count > 0 || await PendingAsync(prefix, victimName) == 0)
            {
                await RedisServer.WaitUntilAsync(() => Task.FromResult(!survivor.Handled.IsEmpty));
            }
        }

        var tookOver = clock.GetUtcNow() - killedAt;
        await TestContext.Out.WriteLineAsync($"Taken over {tookOver.TotalSeconds} s after the SIGKILL, on the survivor's clock.");
        tookOver.Should().BeGreaterThanOrEqualTo(Defaults.HeartbeatTimeout, "the victim's heartbeat must first stay unchanged for the timeout");
        tookOver.Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(60));
        survivor.Handled.Single().UserId.Should().Be(4242);
        await RedisServer.WaitUntilAsync(async () => await Database.StreamLengthAsync(Queue(prefix)) == 0);

        // The dead consumer, emptied, is removed from the group and from the heartbeats.
        await RedisServer.WaitUntilAsync(async () => (await Database.StreamConsumerInfoAsync(Queue(prefix), "receivers")).All(c => !c.Name.Contains(victimName, StringComparison.Ordinal)));
        (await Database.HashKeysAsync(Heartbeats(prefix))).Select(k => (string)k!).Should().Equal(survivor.Queue.ConsumerName);
    }

    [Test]
    public async Task SlowHandlerOfALiveInstance_IsNeverTakenOver_HoweverLongItRuns()
    {
        var prefix = NewPrefix();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var gate = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        await using var holder = await RedisReceiverHost.StartAsync(
            Redis,
            prefix,
            async (_, ct) =>
            {
                started.TrySetResult();
                await gate.Task.WaitAsync(ct);
            },
            o => o.HandlerTimeout = Timeout.InfiniteTimeSpan,
            time: clock);
        (await holder.PostAsync(Payloads.Weight(808))).StatusCode.Should().Be(HttpStatusCode.OK);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await using var other = await RedisReceiverHost.StartAsync(Redis, prefix, time: clock);
        await RedisReceiverHost.StartedAsync(holder, other);

        // Twelve minutes in the handler: longer than the heartbeat timeout many times over, and than the 10 minutes of
        // idle time after which the queue used to hand a live instance's entry to another.
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromMinutes(12); elapsed += TimeSpan.FromSeconds(10))
        {
            await RedisReceiverHost.StepAsync(clock, TimeSpan.FromSeconds(10), holder, other);
            other.Queue.Heartbeat.DeadConsumers.Should().BeEmpty();
        }

        var pending = await Database.StreamPendingMessagesAsync(Queue(prefix), "receivers", 10, RedisValue.Null);
        pending.Should().ContainSingle();
        ((string)pending[0].ConsumerName!).Should().Be(holder.Queue.ConsumerName);
        pending[0].DeliveryCount.Should().Be(1);
        other.Handled.Should().BeEmpty();

        gate.SetResult();
        await RedisServer.WaitUntilAsync(() => Task.FromResult(holder.Handled.Count == 1));
        await RedisServer.WaitUntilAsync(async () => await Database.StreamLengthAsync(Queue(prefix)) == 0);
        holder.Handled.Single().UserId.Should().Be(808);
        other.Handled.Should().BeEmpty();
    }

    [Test]
    public async Task EntryEveryHolderStopsOrDiesWith_IsDeadLetteredAfterMaxDeliveries_NotHandedOutAgain()
    {
        var prefix = NewPrefix();
        var deliveries = 0;
        for (var run = 1; run <= Defaults.MaxDeliveries; run++)
        {
            var holding = new TaskCompletionSource();
            var host = await RedisReceiverHost.StartAsync(
                Redis,
                prefix,
                async (_, ct) =>
                {
                    Interlocked.Increment(ref deliveries);
                    holding.TrySetResult();
                    await Task.Delay(Timeout.Infinite, ct);
                },
                o => o.HandlerConcurrency = 1,
                shutdownTimeout: TimeSpan.FromMilliseconds(100));
            if (run == 1)
            {
                (await host.PostAsync(Payloads.Weight(31))).StatusCode.Should().Be(HttpStatusCode.OK);
            }

            // Stopped while its handler holds the entry, as an instance that the entry crashes would be (it is
            // taken over at once: the stopped instance's heartbeat says it stopped).
            await holding.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await host.DisposeAsync();
        }

        deliveries.Should().Be(Defaults.MaxDeliveries);
        var calledAgain = false;
        await using var next = await RedisReceiverHost.StartAsync(Redis, prefix, (_, _) =>
        {
            calledAgain = true;
            return Task.CompletedTask;
        });
        var store = next.App.Services.GetRequiredService<IWithingsDeadLetterStore>();
        await RedisServer.WaitUntilAsync(async () => (await store.ListAsync(CancellationToken.None)).Count == 1);

        var letter = (await store.ListAsync(CancellationToken.None)).Single();
        letter.Reason.Should().Be(WithingsDeadLetterReason.DeliveryLimit);
        letter.Attempts.Should().Be(Defaults.MaxDeliveries);
        letter.Body.Should().Be(Payloads.Weight(31));
        letter.Error.Should().Contain("stopped or died before acknowledging it");
        (await Database.StreamLengthAsync(Queue(prefix))).Should().Be(0);
        ((long)await Database.StringGetAsync($"{{{prefix}}}:queue:bytes")).Should().Be(0);
        calledAgain.Should().BeFalse();
        next.Handled.Should().BeEmpty();
    }

    [Test]
    public async Task RestartedInstanceWithItsConsumerName_TakesItsOwnEntriesBackAtOnce()
    {
        var prefix = NewPrefix();
        var environment = Environment(prefix);
        environment["Withings__Redis__ConsumerName"] = "pod-0";
        var victim = await ServeProcess.StartAsync(Redis, environment, "--handler-delay", "600000");
        await using var dead = victim;
        (await PostAsync(victim.Port, Payloads.Weight(5150))).Should().Be(HttpStatusCode.OK);
        await RedisServer.WaitUntilAsync(async () => await PendingAsync(prefix, "pod-0") == 1);
        await victim.KillAsync();

        // No heartbeat times out on the restarted run's clock, which moves only when a heartbeat round failed to (a Redis
        // call timing out on a loaded machine): it takes its own entry back as it starts, before any timeout.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var restarted = await RedisReceiverHost.StartAsync(Redis, prefix, redisOptions: o => o.ConsumerName = "pod-0", time: clock);
        var moved = await RedisReceiverHost.WaitWithinAsync(clock, Defaults.HeartbeatTimeout, () => !restarted.Handled.IsEmpty, restarted);
        moved.Should().BeLessThan(Defaults.HeartbeatTimeout);

        restarted.Handled.Single().UserId.Should().Be(5150);
        await RedisServer.WaitUntilAsync(async () => await Database.StreamLengthAsync(Queue(prefix)) == 0);
        (await Database.StreamConsumerInfoAsync(Queue(prefix), "receivers")).Select(c => c.Name).Should().Equal("pod-0");
    }

    private static string Queue(string prefix) => $"{{{prefix}}}:queue";

    private static string Heartbeats(string prefix) => $"{{{prefix}}}:consumers";

    private static Dictionary<string, string> Environment(string prefix) => new() { ["Withings__Redis__KeyPrefix"] = prefix };

    private async Task<long> PendingAsync(string prefix, string consumerNamePart) =>
        (await Database.StreamConsumerInfoAsync(Queue(prefix), "receivers"))
            .Where(c => c.Name.Contains(consumerNamePart, StringComparison.Ordinal))
            .Sum(c => (long)c.PendingMessageCount);

    private static async Task<HttpStatusCode> PostAsync(int port, string body)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var response = await client.PostAsync(new Uri($"http://127.0.0.1:{port}/withings/notify?secret={RedisReceiverHost.Secret}"), content);
        return response.StatusCode;
    }
}
