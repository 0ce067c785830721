using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Redis.Tests;

[NonParallelizable]
internal sealed class SharedSendingTests : RedisFixture
{
    private const long UserId = 363;
    private const string NewAccessToken = "a075f8c14fb8df40b08ebc8508533dc332a6910a";

    [Test]
    public async Task TwoInstancesExecutingPlans_NeverExceedTheTotalInAnyWindow()
    {
        // Scaled: 12 requests per 3-second window in total, 3 at once, instead of 120 per minute.
        var window = TimeSpan.FromSeconds(3);
        await using var api = await WithingsLookAlike.StartAsync();
        api.Map(_ => WithingsReply.Json(Fixture.Response("getmeas.page3.json")));
        var prefix = NewPrefix();
        var tokens = new InMemoryWithingsTokenStore();
        await tokens.SaveAsync(new WithingsTokenPair(UserId, NewAccessToken, "refresh", DateTimeOffset.UtcNow.AddHours(3), "user.metrics"), CancellationToken.None);
        var rate = new WithingsRateLimitOptions { PermitsPerMinute = 12, Burst = 3 };
        await using var first = SendingInstance.Create(api.BaseAddress, Redis, prefix, tokens, WithingsRedisFeatures.RateLimiter, rate, window);
        await using var second = SendingInstance.Create(api.BaseAddress, Redis, prefix, tokens, WithingsRedisFeatures.RateLimiter, rate, window);

        // Each permit is granted by the shared script on Redis' clock (it writes the bucket then): those instants are
        // what the limit is about. When a request then reaches Withings depends on how busy the machine is.
        await using var monitor = await RedisMonitor.StartAsync(Redis);
        var bucket = $"{{{prefix}}}:ratelimit";

        var parser = first.GetRequiredService<NotificationParser>();
        var plan = first.GetRequiredService<FetchPlanner>().Plan(parser.Parse("foo=bar&userid=363&appli=1&startdate=1530576000&enddate=1530698753"));
        var runs = Enumerable.Range(0, 24).Select(i => (i % 2 == 0 ? first : second).GetRequiredService<IWithingsDataClient>().ExecuteAsync(plan));
        var results = await Task.WhenAll(runs);
        var sent = 24 * plan.Requests.Count;
        await RedisServer.WaitUntilAsync(() => Task.FromResult(monitor.ScriptCommandTimes("HSET", bucket).Count >= sent));

        results.SelectMany(r => r).Should().OnlyContain(r => r.IsSuccess);
        api.Requests.Should().HaveCount(sent);
        var times = monitor.ScriptCommandTimes("HSET", bucket).Order().ToList();
        times.Should().HaveCount(sent, "one grant per request sent");

        // A grant is stamped a few microseconds after the script read the clock; a window 100 ms shorter absorbs that.
        var busiest = times.Select((start, i) => times.Skip(i).TakeWhile(t => t - start < window.TotalSeconds - 0.1).Count()).Max();
        busiest.Should().BeLessThanOrEqualTo(12, "both instances share one budget of 12 per window");
        (times[^1] - times[0]).Should().BeGreaterThanOrEqualTo(window.TotalSeconds, "24 requests cannot fit in one window of 12");
    }

    [Test]
    public async Task TwoInstancesRefreshingOneUserAtOnce_CallWithingsOnce()
    {
        var (calls, stores) = await RefreshFromTwoInstancesAsync(WithingsRedisFeatures.RefreshLock);

        calls.Should().Be(1);
        (await stores.GetAsync(UserId, CancellationToken.None))!.AccessToken.Should().Be(NewAccessToken);
    }

    [Test]
    public async Task WithoutTheRefreshLock_TwoInstancesRefreshTwice()
    {
        // The control: the look-alike does see both refreshes when the lock is not used.
        var (calls, _) = await RefreshFromTwoInstancesAsync(WithingsRedisFeatures.None);

        calls.Should().Be(2);
    }

    [Test]
    public async Task ALockLeftByADeadHolder_IsReleasedByExpiry()
    {
        var refreshes = 0;
        await using var api = await WithingsLookAlike.StartAsync();
        api.Map(_ =>
        {
            Interlocked.Increment(ref refreshes);
            return WithingsReply.Json(Fixture.Response("requesttoken.json"));
        });
        var prefix = NewPrefix();
        var tokens = new InMemoryWithingsTokenStore();
        await tokens.SaveAsync(new WithingsTokenPair(UserId, "expired", "old-refresh", DateTimeOffset.UtcNow.AddMinutes(-1), "user.metrics"), CancellationToken.None);

        // A holder that took the lock and died: nobody deletes it, it expires. Timed from before it was set, so the
        // wait measured cannot be shortened by a slow start of the instance.
        var watch = Stopwatch.StartNew();
        await Database.StringSetAsync($"{{{prefix}}}:refresh:{UserId}", "dead-holder", TimeSpan.FromMilliseconds(1500));
        await using var instance = SendingInstance.Create(api.BaseAddress, Redis, prefix, tokens, WithingsRedisFeatures.RefreshLock);

        var token = await instance.GetRequiredService<WithingsAccessTokenProvider>().GetAccessTokenAsync(UserId).WaitAsync(TimeSpan.FromMinutes(3));

        token.Should().Be(NewAccessToken);
        watch.Elapsed.Should().BeGreaterThan(TimeSpan.FromSeconds(1));
        refreshes.Should().Be(1);
    }

    private async Task<(int Calls, IWithingsTokenStore Store)> RefreshFromTwoInstancesAsync(WithingsRedisFeatures features)
    {
        var refreshes = 0;
        var tokens = new InMemoryWithingsTokenStore();
        var firstStore = new ReadSignallingStore(tokens);
        var secondStore = new ReadSignallingStore(tokens);
        await using var api = await WithingsLookAlike.StartAsync();
        api.Map(call =>
        {
            if (call.Path == "/v2/oauth2" && Interlocked.Increment(ref refreshes) == 1)
            {
                // The first refresh is answered only once both instances have read the expired pair: each has then
                // decided to refresh, and only the lock can keep the second one from calling Withings too.
                Task.WhenAll(firstStore.Read, secondStore.Read).Wait(TimeSpan.FromMinutes(3)).Should().BeTrue("both instances read the store");
            }

            return WithingsReply.Json(Fixture.Response("requesttoken.json"));
        });
        var prefix = NewPrefix();
        await tokens.SaveAsync(new WithingsTokenPair(UserId, "expired", "old-refresh", DateTimeOffset.UtcNow.AddMinutes(-1), "user.metrics"), CancellationToken.None);
        await using var first = SendingInstance.Create(api.BaseAddress, Redis, prefix, firstStore, features | WithingsRedisFeatures.RateLimiter);
        await using var second = SendingInstance.Create(api.BaseAddress, Redis, prefix, secondStore, features | WithingsRedisFeatures.RateLimiter);

        var both = await Task.WhenAll(
            first.GetRequiredService<WithingsAccessTokenProvider>().GetAccessTokenAsync(UserId),
            second.GetRequiredService<WithingsAccessTokenProvider>().GetAccessTokenAsync(UserId)).WaitAsync(TimeSpan.FromMinutes(3));

        both.Should().OnlyContain(t => t == NewAccessToken);
        return (refreshes, tokens);
    }

    /// <summary>One instance's view of the shared token store (as a database would be), telling when it first read it.</summary>
    private sealed class ReadSignallingStore(IWithingsTokenStore shared) : IWithingsTokenStore
    {
        private readonly TaskCompletionSource _read = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Read => _read.Task;

        public async Task<WithingsTokenPair?> GetAsync(long userId, CancellationToken cancellationToken)
        {
            var pair = await shared.GetAsync(userId, cancellationToken);
            _read.TrySetResult();
            return pair;
        }

        public Task SaveAsync(WithingsTokenPair tokens, CancellationToken cancellationToken) => shared.SaveAsync(tokens, cancellationToken);
    }
}
