using System.Threading.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.RateLimiting;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.DependencyInjection;

/// <summary>
/// The executor as an application gets it from <c>AddWithingsNotifications</c>: every request of every SDK client
/// waits on one shared limiter (docs/withings-api.md §3: 120 requests per minute for the whole application).
/// </summary>
public sealed class DataServicesRegistrationTests
{
    private static readonly DateTimeOffset Start = new(2024, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task ExecuteAsync_PlanOf300Requests_NeverSendsMoreThan120InAny60Seconds()
    {
        var clock = new FakeTimeProvider(Start);
        await using var api = await WithingsLookAlike.StartAsync();
        var sentAt = new List<DateTimeOffset>();
        api.Map("/measure", "getmeas", _ =>
        {
            lock (sentAt)
            {
                sentAt.Add(clock.GetUtcNow());
            }

            return WithingsReply.Json(Fixture.Response("getmeas.page3.json"));
        });
        using var provider = BuildProvider(clock, api);
        var limiter = provider.GetRequiredKeyedService<RateLimiter>(WithingsRateLimiter.ServiceKey);
        var plan = new FetchPlan(Enumerable.Range(0, 300).Select(i => new FetchRequest(
            363, "/measure", [new("action", "getmeas"), new("category", "1"), new("lastupdate", (1709251200 + i).ToString(System.Globalization.CultureInfo.InvariantCulture))], false)).ToList());

        var run = provider.GetRequiredService<IWithingsDataClient>().ExecuteAsync(plan, "valid-access");

        // Between clock steps, wait for the run to settle: every granted request answered, the next one queued.
        for (var step = 0; step < 4000 && !run.IsCompleted; step++)
        {
            SpinWait.SpinUntil(
                () => run.IsCompleted || (api.Requests.Count == limiter.GetStatistics()!.TotalSuccessfulLeases && limiter.GetStatistics()!.CurrentQueuedCount == 1),
                TimeSpan.FromMinutes(5)).Should().BeTrue("the run settles between clock steps");
            clock.Advance(TimeSpan.FromMilliseconds(50));
        }

        (await run.WaitAsync(TimeSpan.FromMinutes(2))).Should().HaveCount(300).And.OnlyContain(r => r.IsSuccess);
        sentAt.Should().HaveCount(300);
        WithingsRateLimiterTests.MaxInAnyWindow(sentAt, TimeSpan.FromSeconds(60)).Should().BeLessThanOrEqualTo(120);
        sentAt.Count(t => t == Start).Should().Be(10);
        (sentAt[^1] - Start).Should().Be(TimeSpan.FromMilliseconds(158_200));
    }

    [Test]
    public async Task AddWithingsNotifications_CalledTwice_EachRequestTakesOnePermit()
    {
        await using var api = (await WithingsLookAlike.StartAsync()).ReplyInTurn("/measure", WithingsReply.Json(Fixture.Response("getmeas.page3.json")));
        var services = NewServices();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Start));
        services.AddWithingsNotifications();
        services.AddWithingsNotifications();
        services.ConfigureHttpClientDefaults(b => b.ConfigurePrimaryHttpMessageHandler(() => api.CreateHandler()));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IWithingsDataClient>().ExecuteAsync(Request(), "valid-access");

        provider.GetRequiredKeyedService<RateLimiter>(WithingsRateLimiter.ServiceKey).GetStatistics()!.TotalSuccessfulLeases.Should().Be(1);
    }

    [Test]
    public async Task NotifyAndDataClients_OneCallEach_BothTakeAPermitOfTheSameLimiter()
    {
        await using var api = (await WithingsLookAlike.StartAsync())
            .ReplyInTurn("/measure", WithingsReply.Json(Fixture.Response("getmeas.page3.json")))
            .ReplyInTurn("/notify", WithingsReply.Json("""{"status":0,"body":{"profiles":[]}}"""));
        var services = NewServices();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Start));
        services.AddWithingsNotifications();
        services.ConfigureHttpClientDefaults(b => b.ConfigurePrimaryHttpMessageHandler(() => api.CreateHandler()));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IWithingsNotifyClient>().ListAsync("valid-access");
        await provider.GetRequiredService<IWithingsDataClient>().ExecuteAsync(Request(), "valid-access");

        api.Requests.Select(c => c.Path).Should().Equal("/notify", "/measure");
        provider.GetRequiredKeyedService<RateLimiter>(WithingsRateLimiter.ServiceKey).GetStatistics()!.TotalSuccessfulLeases.Should().Be(2);
    }

    [Test]
    public async Task UseRateLimiter_CustomLimiter_EveryClientWaitsOnIt()
    {
        await using var api = (await WithingsLookAlike.StartAsync())
            .ReplyInTurn("/measure", WithingsReply.Json(Fixture.Response("getmeas.page3.json")))
            .ReplyInTurn("/v2/oauth2", WithingsReply.Json(Fixture.Response("requesttoken.json")))
            .ReplyInTurn("/notify", WithingsReply.Json("""{"status":0,"body":{"profiles":[]}}"""));
        using var shared = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 10 });
        var services = NewServices();
        services.AddWithingsNotifications(o =>
            {
                o.ClientId = Harness.ClientId;
                o.ClientSecret = Harness.ClientSecret;
            })
            .UseRateLimiter(_ => new CountingLimiter(shared));
        services.ConfigureHttpClientDefaults(b => b.ConfigurePrimaryHttpMessageHandler(() => api.CreateHandler()));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IWithingsDataClient>().ExecuteAsync(Request(), "valid-access");
        await provider.GetRequiredService<IWithingsOAuthClient>().RefreshAsync("f631236f02b991810feb774765b6ae8e6c6839ca");
        await provider.GetRequiredService<IWithingsNotifyClient>().ListAsync("valid-access");

        ((CountingLimiter)provider.GetRequiredKeyedService<RateLimiter>(WithingsRateLimiter.ServiceKey)).Acquired.Should().Be(3);
    }

    [Test]
    public async Task UseTokenStore_CustomStore_RefreshedPairsGoThere()
    {
        await using var api = (await WithingsLookAlike.StartAsync()).ReplyInTurn("/v2/oauth2", WithingsReply.Json(Fixture.Response("requesttoken.json")));
        var events = new List<string>();
        var store = new RecordingTokenStore(events);
        var services = NewServices();
        services.AddWithingsNotifications(o =>
            {
                o.ClientId = Harness.ClientId;
                o.ClientSecret = Harness.ClientSecret;
            })
            .UseTokenStore(_ => store);
        services.ConfigureHttpClientDefaults(b => b.ConfigurePrimaryHttpMessageHandler(() => api.CreateHandler()));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IWithingsOAuthClient>().RefreshAsync("0ae7ab5e8f9ca5f3c9c6f54ba0ee7cf3c6f01f9a");

        events.Should().Equal("saved refresh token f631236f02b991810feb774765b6ae8e6c6839ca");
    }

    [Test]
    public void AddWithingsNotifications_RateLimitFromConfiguration_SizesTheSharedLimiter()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Withings:RateLimit:PermitsPerMinute"] = "600", ["Withings:RateLimit:Burst"] = "20" })
            .Build();
        var services = NewServices();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddWithingsNotifications();
        using var provider = services.BuildServiceProvider();

        var limiter = (WithingsRateLimiter)provider.GetRequiredKeyedService<RateLimiter>(WithingsRateLimiter.ServiceKey);

        limiter.PermitsPerMinute.Should().Be(600);
        limiter.Burst.Should().Be(20);
    }

    private static ServiceProvider BuildProvider(FakeTimeProvider clock, WithingsLookAlike api)
    {
        var services = NewServices();
        services.AddSingleton<TimeProvider>(clock);
        services.AddWithingsNotifications();
        services.ConfigureHttpClientDefaults(b => b.ConfigurePrimaryHttpMessageHandler(() => api.CreateHandler()));
        return services.BuildServiceProvider();
    }

    // AddWithingsNotifications binds the Withings section of the application's IConfiguration, as in a host.
    private static ServiceCollection NewServices()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        return services;
    }

    private static FetchRequest Request() =>
        new(363, "/measure", [new("action", "getmeas"), new("category", "1"), new("lastupdate", "1709251200")], false);

    private sealed class CountingLimiter(RateLimiter inner) : RateLimiter
    {
        private int _acquired;

        public int Acquired => _acquired;

        public override TimeSpan? IdleDuration => inner.IdleDuration;

        public override RateLimiterStatistics? GetStatistics() => inner.GetStatistics();

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => inner.AttemptAcquire(permitCount);

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _acquired);
            return inner.AcquireAsync(permitCount, cancellationToken);
        }
    }
}
