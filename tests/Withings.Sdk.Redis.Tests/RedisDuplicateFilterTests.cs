using System.Net;

namespace Withings.Sdk.Redis.Tests;

[NonParallelizable]
internal sealed class RedisDuplicateFilterTests : RedisFixture
{
    [Test]
    public async Task SameNotificationPostedToTwoInstancesAtOnce_IsHandledOnce()
    {
        var prefix = NewPrefix();
        await using var first = await RedisReceiverHost.StartAsync(Redis, prefix);
        await using var second = await RedisReceiverHost.StartAsync(Redis, prefix);

        var bodies = Enumerable.Range(1, 50).Select(i => Payloads.Weight(2000 + i)).ToList();
        var posts = bodies.SelectMany(b => new[] { first.PostAsync(b), second.PostAsync(b) }).ToList();
        var responses = await Task.WhenAll(posts);

        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        await RedisServer.WaitUntilAsync(() => Task.FromResult(first.Handled.Count + second.Handled.Count >= 50));

        // Nothing left in the stream and both instances stopped (each finishes what it holds): a duplicate that got
        // through would have been handled by now.
        await RedisServer.WaitUntilAsync(async () => await Database.StreamLengthAsync($"{{{prefix}}}:queue") == 0);
        await first.App.StopAsync();
        await second.App.StopAsync();
        first.Handled.Concat(second.Handled).Select(n => n.UserId).Should().OnlyHaveUniqueItems().And.HaveCount(50);
    }

    [Test]
    public async Task WindowLessBodyPostedAgainAfterItWasHandled_IsHandledAgain_AWindowedRetryIsNot()
    {
        var prefix = NewPrefix();
        await using var host = await RedisReceiverHost.StartAsync(Redis, prefix);

        // Glucose without a window, and a tracker's day: the same body after the first was taken is new data.
        foreach (var body in new[] { "userid=5&appli=58", "userid=5&appli=58", "userid=5&appli=16&date=2024-03-02", "userid=5&appli=16&date=2024-03-02" })
        {
            var handled = host.Handled.Count;
            (await host.PostAsync(body)).StatusCode.Should().Be(HttpStatusCode.OK);
            await RedisServer.WaitUntilAsync(() => Task.FromResult(host.Handled.Count == handled + 1));
        }

        // A windowed body again is Withings' retry: the next one handled is the one posted after it.
        (await host.PostAsync(Payloads.Weight(51))).StatusCode.Should().Be(HttpStatusCode.OK);
        await RedisServer.WaitUntilAsync(() => Task.FromResult(host.Handled.Count == 5));
        (await host.PostAsync(Payloads.Weight(51))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await host.PostAsync(Payloads.Weight(52))).StatusCode.Should().Be(HttpStatusCode.OK);
        await RedisServer.WaitUntilAsync(() => Task.FromResult(host.Handled.Count >= 6));

        host.Handled.Select(n => ((int)n.Appli, n.UserId)).Should().Equal((58, 5L), (58, 5L), (16, 5L), (16, 5L), (1, 51L), (1, 52L));
    }

    [Test]
    public async Task Reservation_ExpiresAfterDuplicateTimeToLive()
    {
        var prefix = NewPrefix();
        await using var host = await RedisReceiverHost.StartAsync(Redis, prefix, options: o => o.DuplicateTimeToLive = TimeSpan.FromHours(5));
        (await host.PostAsync(Payloads.Weight(31))).StatusCode.Should().Be(HttpStatusCode.OK);

        var keys = Connection.GetServer(Redis.Endpoint).Keys(pattern: $"{{{prefix}}}:seen:*").ToList();
        keys.Should().ContainSingle();
        var ttl = await Database.KeyTimeToLiveAsync(keys[0]);
        ttl.Should().BeGreaterThan(TimeSpan.FromHours(4)).And.BeLessThanOrEqualTo(TimeSpan.FromHours(5));
    }

    [Test]
    public async Task TheKeyIsSetByTheAcceptScript_ARetryIsADuplicateUntilTheKeyGoes()
    {
        var prefix = NewPrefix();
        await using var host = await RedisReceiverHost.StartAsync(Redis, prefix);
        (await host.PostAsync(Payloads.Weight(41))).StatusCode.Should().Be(HttpStatusCode.OK);
        await RedisServer.WaitUntilAsync(() => Task.FromResult(host.Handled.Count == 1));
        var key = Connection.GetServer(Redis.Endpoint).Keys(pattern: $"{{{prefix}}}:seen:*").Single();
        (await Database.StringGetAsync(key)).ToString().Should().Be("c", "the script that appended it set it");

        // Withings' retry: a duplicate, acknowledged and not appended.
        (await host.PostAsync(Payloads.Weight(41))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Database.StreamLengthAsync($"{{{prefix}}}:queue")).Should().Be(0, "the duplicate was never appended");

        // Once the key is gone (as when it expires), the same body is appended and handled again.
        await Database.KeyDeleteAsync(key);
        (await host.PostAsync(Payloads.Weight(41))).StatusCode.Should().Be(HttpStatusCode.OK);
        await RedisServer.WaitUntilAsync(() => Task.FromResult(host.Handled.Count == 2));
        host.Handled.Select(n => n.UserId).Should().Equal(41L, 41L);
    }
}
