using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Withings.Sdk.AspNetCore;

namespace Withings.Sdk.Redis.Tests;

[NonParallelizable]
internal sealed class RedisQueueTests : RedisFixture
{
    [Test]
    public async Task Post_Answers200WithTheEntryInTheStream_ThenHandledAcknowledgedAndDeleted()
    {
        var prefix = NewPrefix();
        var gate = new TaskCompletionSource();
        await using var host = await RedisReceiverHost.StartAsync(Redis, prefix, (_, ct) => gate.Task.WaitAsync(ct));

        (await host.PostAsync(Payloads.Weight(1001))).StatusCode.Should().Be(HttpStatusCode.OK);

        // Answered while the handler is still blocked: the entry is in Redis, read by the group, not yet acknowledged.
        (await Database.StreamLengthAsync($"{{{prefix}}}:queue")).Should().Be(1);
        await RedisServer.WaitUntilAsync(async () => (await Database.StreamPendingAsync($"{{{prefix}}}:queue", "receivers")).PendingMessageCount == 1);

        gate.SetResult();
        await RedisServer.WaitUntilAsync(() => Task.FromResult(host.Handled.Count == 1));
        await RedisServer.WaitUntilAsync(async () => await Database.StreamLengthAsync($"{{{prefix}}}:queue") == 0);
        (await Database.StreamPendingAsync($"{{{prefix}}}:queue", "receivers")).PendingMessageCount.Should().Be(0);
        host.Handled.Single().UserId.Should().Be(1001);
        ((long)await Database.StringGetAsync($"{{{prefix}}}:queue:bytes")).Should().Be(0);
    }

    [Test]
    public async Task Full_Answers503_AndNeverTrimsWhatWasAcknowledged()
    {
        var prefix = NewPrefix();
        var gate = new TaskCompletionSource();
        await using var host = await RedisReceiverHost.StartAsync(Redis, prefix, (_, ct) => gate.Task.WaitAsync(ct), o =>
        {
            o.QueueCapacity = 3;
            o.HandlerConcurrency = 1;
        });

        var statuses = new List<HttpStatusCode>();
        for (var user = 1; user <= 5; user++)
        {
            statuses.Add((await host.PostAsync(Payloads.Weight(user))).StatusCode);
        }

        statuses.Should().Equal(HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable);
        (await Database.StreamLengthAsync($"{{{prefix}}}:queue")).Should().Be(3);

        // The refused ones were released from the duplicate filter: Withings' retry is accepted once there is room.
        gate.SetResult();
        await RedisServer.WaitUntilAsync(() => Task.FromResult(host.Handled.Count == 3));
        (await host.PostAsync(Payloads.Weight(4))).StatusCode.Should().Be(HttpStatusCode.OK);
        await RedisServer.WaitUntilAsync(() => Task.FromResult(host.Handled.Count == 4));
        host.Handled.Select(n => n.UserId).Should().BeEquivalentTo(new long?[] { 1, 2, 3, 4 });
    }

    [Test]
    public async Task ByteCapacity_RefusesTheBodyThatWouldPassIt()
    {
        var prefix = NewPrefix();
        var gate = new TaskCompletionSource();
        var body = Payloads.Weight(10);
        await using var host = await RedisReceiverHost.StartAsync(Redis, prefix, (_, ct) => gate.Task.WaitAsync(ct), o =>
        {
            o.QueueCapacityBytes = (2 * body.Length) + 5;
            o.HandlerConcurrency = 1;
        });

        (await host.PostAsync(Payloads.Weight(10))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await host.PostAsync(Payloads.Weight(11))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await host.PostAsync(Payloads.Weight(12))).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        ((long)await Database.StringGetAsync($"{{{prefix}}}:queue:bytes")).Should().Be(2 * body.Length);
        gate.SetResult();
    }

    [Test]
    public async Task EntriesLeftUnacknowledgedByAStoppedInstance_AreTakenOverByTheNextAtOnce()
    {
        var prefix = NewPrefix();
        var first = await RedisReceiverHost.StartAsync(Redis, prefix, (_, ct) => Task.Delay(Timeout.Infinite, ct), o => o.HandlerConcurrency = 1);
        (await first.PostAsync(Payloads.Weight(77))).StatusCode.Should().Be(HttpStatusCode.OK);
        await RedisServer.WaitUntilAsync(async () => (await Database.StreamPendingAsync($"{{{prefix}}}:queue", "receivers")).PendingMessageCount == 1);

        // Its handler never ends: stopping aborts it at the deadline, and the entry stays pending, unacknowledged; the
        // stopped instance's last heartbeat says so.
        var consumer = first.Queue.ConsumerName;
        await first.DisposeAsync();
        first.Handled.Should().BeEmpty();
        (await Database.HashGetAsync($"{{{prefix}}}:consumers", consumer)).Should().Be("stopped");

        // The next instance does not wait for a heartbeat timeout to take it over: on its clock, which moves only when a
        // heartbeat round failed to (a Redis call timing out on a loaded machine), it is taken before that timeout.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var second = await RedisReceiverHost.StartAsync(Redis, prefix, time: clock);
        var moved = await RedisReceiverHost.WaitWithinAsync(clock, new WithingsRedisOptions().HeartbeatTimeout, () => second.Handled.Count == 1, second);
        moved.Should().BeLessThan(new WithingsRedisOptions().HeartbeatTimeout);
        second.Handled.Single().UserId.Should().Be(77);
        await RedisServer.WaitUntilAsync(async () => await Database.StreamLengthAsync($"{{{prefix}}}:queue") == 0);

        // The stopped consumer, emptied, is gone from the group and from the heartbeats.
        await RedisServer.WaitUntilAsync(async () => (await Database.StreamConsumerInfoAsync($"{{{prefix}}}:queue", "receivers")).Length == 1);
        (await Database.HashLengthAsync($"{{{prefix}}}:consumers")).Should().Be(1);
    }

    [Test]
    public async Task DeadLetters_GoToTheirOwnStream_AndCanBeListedReplayedAndPurged()
    {
        var prefix = NewPrefix();
        var failing = true;
        await using var host = await RedisReceiverHost.StartAsync(
            Redis,
            prefix,
            (_, _) => failing ? throw new InvalidOperationException("handler down") : Task.CompletedTask,
            o => o.Retry.MaxAttempts = 1);
        var store = host.App.Services.GetRequiredService<IWithingsDeadLetterStore>();

        (await host.PostAsync(Payloads.Weight(5))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await host.PostAsync(Payloads.Weight(6))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await host.PostAsync("hello=world&this=is-not-a-notification")).StatusCode.Should().Be(HttpStatusCode.OK);
        await RedisServer.WaitUntilAsync(async () => (await store.ListAsync(CancellationToken.None)).Count == 3);

        var letters = await store.ListAsync(CancellationToken.None);
        letters.Select(l => l.Reason).Should().BeEquivalentTo(new[] { WithingsDeadLetterReason.HandlerFailed, WithingsDeadLetterReason.HandlerFailed, WithingsDeadLetterReason.Unparseable });
        letters.Where(l => l.Reason == WithingsDeadLetterReason.HandlerFailed).Should().OnlyContain(l => l.Error == "handler down" && l.Attempts == 1);
        letters.Select(l => l.Id).Should().OnlyHaveUniqueItems();

        failing = false;
        var replayOne = letters.First(l => l.Body == Payloads.Weight(5)).Id;
        (await store.ReplayAsync(replayOne, CancellationToken.None)).Should().Be(1);
        await RedisServer.WaitUntilAsync(() => Task.FromResult(host.Handled.Count == 1));
        host.Handled.Single().UserId.Should().Be(5);

        (await store.PurgeAsync(null, CancellationToken.None)).Should().Be(2);
        (await store.ListAsync(CancellationToken.None)).Should().BeEmpty();
        (await store.ReplayAsync(null, CancellationToken.None)).Should().Be(0);
    }
}
