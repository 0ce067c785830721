using System.Collections.Concurrent;
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
        var arrivals = new ConcurrentQueue<long>();
        await using var api = await WithingsLookAlike.StartAsync();
        api.Map(_ =>
        {
            arrivals.Enqueue(Stopwatch.GetTimestamp());
            return WithingsReply.Json(Fixture.Response("getmeas.page3.json"));
        });
        var prefix = NewPrefix();
        var tokens = new InMemoryWithingsTokenStore();
        await tokens.SaveAsync(new WithingsTokenPair(UserId, NewAccessToken, "refresh", DateTimeOffset.UtcNow.AddHours(3), "user.metrics"), CancellationToken.None);
        var rate = new WithingsRateLimitOptions { PermitsPerMinute = 12, Burst = 3 };
        await using var first = SendingInstance.Create(api.BaseAddress, Redis, prefix, tokens, WithingsRedisFeatures.RateLimiter, rate, window);
        await using var second = SendingInstance.Create(api.BaseAddress, Redis, prefix, tokens, WithingsRedisFeatures.RateLimiter, rate, window);

        var parser = first.GetRequiredService<NotificationParser>();
        var plan = first.GetRequiredService<FetchPlanner>().Plan(parser.Parse("foo=bar&userid=363&appli=1&startdate=1530576000&enddate=1530698753"));
        var runs = Enumerable.Range(0, 24).Select(i => (i % 2 == 0 ? first : second).GetRequiredService<IWithingsDataClient>().ExecuteAsync(plan));
        var results = await Task.WhenAll(runs);

        results.SelectMany(r => r).Should().OnlyContain(r => r.IsSuccess);
        var times = arrivals.Select(t => t / (double)Stopwatch.Frequency).Order().ToList();
        times.Should().HaveCount(24 * plan.Requests.Count);
        var busiest = times.Select((start, i) => times.Skip(i).TakeWhile(t => t - start < window.TotalSeconds).Count()).Max();
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

        // A holder that took the lock and died: nobody deletes it, it expires.
        await Database.StringSetAsync($"{{{prefix}}}:refresh:{UserId}", "dead-holder", TimeSpan.FromMilliseconds(1500));
        await using var instance = SendingInstance.Create(api.BaseAddress, Redis, prefix, tokens, WithingsRedisFeatures.RefreshLock);
        var watch = Stopwatch.StartNew();

        var token = await instance.GetRequiredService<WithingsAccessTokenProvider>().GetAccessTokenAsync(UserId).WaitAsync(TimeSpan.FromSeconds(60));

        token.Should().Be(NewAccessToken);
        watch.Elapsed.Should().BeGreaterThan(TimeSpan.FromSeconds(1));
        refreshes.Should().Be(1);
    }

    private async Task<(int Calls, IWithingsTokenStore Store)> RefreshFromTwoInstancesAsync(WithingsRedisFeatures features)
    {
        var refreshes = 0;
        await using var api = await WithingsLookAlike.StartAsync();
        api.Map(call =>
        {
            if (call.Path == "/v2/oauth2")
            {
                Interlocked.Increment(ref refreshes);

                // Slow enough that the second instance asks while the first one's refresh is in flight.
                Thread.Sleep(400);
            }

            return WithingsReply.Json(Fixture.Response("requesttoken.json"));
        });
        var prefix = NewPrefix();
        var tokens = new InMemoryWithingsTokenStore();
        await tokens.SaveAsync(new WithingsTokenPair(UserId, "expired", "old-refresh", DateTimeOffset.UtcNow.AddMinutes(-1), "user.metrics"), CancellationToken.None);
        await using var first = SendingInstance.Create(api.BaseAddress, Redis, prefix, tokens, features | WithingsRedisFeatures.RateLimiter);
        await using var second = SendingInstance.Create(api.BaseAddress, Redis, prefix, tokens, features | WithingsRedisFeatures.RateLimiter);

        var both = await Task.WhenAll(
            first.GetRequiredService<WithingsAccessTokenProvider>().GetAccessTokenAsync(UserId),
            second.GetRequiredService<WithingsAccessTokenProvider>().GetAccessTokenAsync(UserId)).WaitAsync(TimeSpan.FromSeconds(60));

        both.Should().OnlyContain(t => t == NewAccessToken);
        return (refreshes, tokens);
    }
}
