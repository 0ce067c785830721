using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Redis.Tests;

/// <summary>
/// Status 601 means the application's quota is spent, whichever instance sent the request that got it: with
/// UseRedis every instance holds (docs/withings-api.md §3). Both instances share one fake clock.
/// </summary>
[NonParallelizable]
internal sealed class SharedHoldTests : RedisFixture
{
    private const long UserId = 363;

    [Test]
    public async Task A601AnsweredToOneInstance_HoldsTheOtherUntilTheHoldEnds()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 3, 2, 8, 0, 0, TimeSpan.Zero));
        DateTimeOffset? secondSentAt = null;
        var calls = 0;
        await using var api = await WithingsLookAlike.StartAsync();
        api.Map(_ =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                return WithingsReply.Status(601);
            }

            // Stamped with the shared fake clock: only the test moves it, so this is when the request was let go.
            secondSentAt ??= clock.GetUtcNow();
            return WithingsReply.Json(Fixture.Response("getmeas.page3.json"));
        });
        var prefix = NewPrefix();
        var tokens = new InMemoryWithingsTokenStore();
        await tokens.SaveAsync(new WithingsTokenPair(UserId, "a075f8c14fb8df40b08ebc8508533dc332a6910a", "refresh", clock.GetUtcNow().AddHours(3), "user.metrics"), CancellationToken.None);
        using var logsOfB = new CapturingLoggerProvider();
        await using var a = SendingInstance.Create(api.BaseAddress, Redis, prefix, tokens, WithingsRedisFeatures.RateLimiter, time: clock);
        await using var b = SendingInstance.Create(api.BaseAddress, Redis, prefix, tokens, WithingsRedisFeatures.RateLimiter, time: clock, logs: logsOfB);
        var plan = a.GetRequiredService<FetchPlanner>().Plan(a.GetRequiredService<NotificationParser>().Parse("userid=363&appli=1&startdate=1530576000&enddate=1530698753"));

        var refused = await a.GetRequiredService<IWithingsDataClient>().ExecuteAsync(plan);
        refused.Should().ContainSingle().Which.Error.Should().BeOfType<WithingsApiException>().Which.Status.Should().Be(601);
        var holdEnd = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse((string)(await Database.StringGetAsync($"{{{prefix}}}:ratelimit:hold"))!, CultureInfo.InvariantCulture));
        holdEnd.Should().BeOnOrAfter(clock.GetUtcNow().AddSeconds(60), "the hold lasts Retry:RateLimitWait (60 s) from the 601");

        var sending = b.GetRequiredService<IWithingsDataClient>().ExecuteAsync(plan);

        // B either sent at once (no shared hold: the assertion below fails) or waits for the hold.
        await RedisServer.WaitUntilAsync(() => Task.FromResult(calls >= 2 || logsOfB.Logs.Any(l => l.EventId.Name == "WaitingForHold")));
        clock.Advance(holdEnd - clock.GetUtcNow() - TimeSpan.FromMilliseconds(1));
        for (var step = 0; step < 600 && !sending.IsCompleted; step++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(sending, Task.Delay(50));
        }

        var results = await sending.WaitAsync(TimeSpan.FromMinutes(1));
        results.Should().OnlyContain(r => r.IsSuccess);
        secondSentAt.Should().NotBeNull().And.BeOnOrAfter(holdEnd, "B's request waits for the hold set by A's 601");
    }

    [Test]
    public async Task UseRedisTwice_OneSharedLimiterIsTheRateLimitControl()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddWithingsNotifications()
            .UseRedis(Redis.Endpoint, WithingsRedisFeatures.RateLimiter, o => o.KeyPrefix = NewPrefix())
            .UseRedis(Redis.Endpoint, WithingsRedisFeatures.RateLimiter);
        await using var provider = services.BuildServiceProvider();

        services.Count(d => d.ServiceType == typeof(System.Threading.RateLimiting.RateLimiter) && Equals(d.ServiceKey, WithingsRateLimiter.ServiceKey)).Should().Be(1);
        provider.GetRequiredService<IWithingsRateLimitControl>().Should().BeOfType<RedisRateLimiter>()
            .Which.Should().BeSameAs(provider.GetRequiredKeyedService<System.Threading.RateLimiting.RateLimiter>(WithingsRateLimiter.ServiceKey));
    }
}
