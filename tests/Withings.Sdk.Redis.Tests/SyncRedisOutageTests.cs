using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Withings.Sdk.AspNetCore;
using Withings.Sdk.Testing;
using Withings.Sdk.TestSupport;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Redis.Tests;

/// <summary>
/// Redis down while the sync engine fetches: the shared rate limit cannot be taken, which is a transient failure
/// (WithingsRedisUnavailableException), so the fetch is tried again once Redis is back instead of dead-lettered.
/// </summary>
[NonParallelizable]
internal sealed class SyncRedisOutageTests : RedisFixture
{
    private const long UserId = 363;
    private const string Secret = "c41e5b0f9d2a4e87";

    [Test]
    public async Task RedisDownDuringASyncFetch_TheFetchIsRetriedOnceRedisIsBack_AndNothingIsDeadLettered()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var outageWait = TimeSpan.FromSeconds(5);
        await using var api = await WithingsLookAlike.StartAsync();
        api.Map(_ => WithingsReply.Json(Fixture.Response("getmeas.page3.json")));
        using var logs = new CapturingLoggerProvider();
        var storePath = TestTemp.NewStorePath();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Withings:ApiBaseAddress"] = api.BaseAddress.AbsoluteUri,
            ["Withings:Receiver:CallbackSecret"] = Secret,
            ["Withings:Receiver:StorePath"] = storePath,
        });
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton<Delivered>();
        var tokens = new InMemoryWithingsTokenStore();
        await tokens.SaveAsync(new WithingsTokenPair(UserId, "a075f8c14fb8df40b08ebc8508533dc332a6910a", "refresh", clock.GetUtcNow().AddDays(30), "user.metrics"), CancellationToken.None);
        builder.Services.AddSingleton<IWithingsTokenStore>(tokens);
        builder.Services.AddWithingsNotifications()
            .UseRedis(Redis.Endpoint, WithingsRedisFeatures.RateLimiter | WithingsRedisFeatures.RefreshLock, o =>
            {
                o.KeyPrefix = NewPrefix();
                o.OutageWait = outageWait;
            })
            .AddReceiver()
            .AddSync<DeliveredHandler>(o =>
            {
                // One notification makes a batch: the window's timer on the fake clock never has to fire.
                o.MaxBatch = 1;
                o.Retry.MaxAttempts = 3;
                o.Retry.BaseDelay = TimeSpan.FromSeconds(2);
            });
        await using var app = builder.Build();
        app.MapWithingsNotifications("/withings/notify");
        await app.StartAsync();
        var delivered = app.Services.GetRequiredService<Delivered>();
        try
        {
            await Redis.StopAsync();
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
            using var content = new StringContent(Payloads.Weight(UserId), Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
            (await client.PostAsync(new Uri("/withings/notify?secret=" + Secret, UriKind.Relative), content)).EnsureSuccessStatusCode();

            // The fetch waits for Redis, then gives up on this attempt once OutageWait has passed on the clock.
            await RedisServer.WaitUntilAsync(() => Task.FromResult(Logged(logs, "WaitingForRedis")));
            await StepUntilAsync(clock, () => Logged(logs, "FetchRetrying"));
            api.Requests.Should().BeEmpty("nothing is sent without a permit of the shared limit");

            await Redis.StartAgainAsync();
            var connection = app.Services.GetRequiredService<RedisConnection>();
            await RedisServer.WaitUntilAsync(async () => await connection.IsConnectedAsync());
            await StepUntilAsync(clock, () => !delivered.Data.IsEmpty);
        }
        finally
        {
            await Redis.StartAgainIfStoppedAsync();
        }

        var data = delivered.Data.Should().ContainSingle().Subject;
        data.UserId.Should().Be(UserId);
        data.Failures.Should().BeEmpty();
        data.Results.Should().ContainSingle().Which.IsSuccess.Should().BeTrue();
        api.Requests.Should().ContainSingle();
        (await app.Services.GetRequiredService<IWithingsDeadLetterStore>().ListAsync(CancellationToken.None)).Should().BeEmpty();
        logs.Logs.Should().NotContain(l => l.EventId.Name == "DeadLettered");
        await app.StopAsync();
        TestTemp.DeleteStore(storePath);
    }

    private static bool Logged(CapturingLoggerProvider logs, string eventName) => logs.Logs.Any(l => l.EventId.Name == eventName);

    // Moves the clock one second at a time (waits on it fire as it passes them) until the condition holds.
    private static async Task StepUntilAsync(FakeTimeProvider clock, Func<bool> condition)
    {
        for (var step = 0; step < 600 && !condition(); step++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            for (var look = 0; look < 10 && !condition(); look++)
            {
                await Task.Delay(10);
            }
        }

        condition().Should().BeTrue("the condition holds within 600 steps of the clock");
    }

    private sealed class Delivered
    {
        public ConcurrentQueue<WithingsUserData> Data { get; } = new();
    }

    private sealed class DeliveredHandler(Delivered delivered) : IWithingsDataHandler
    {
        public Task HandleAsync(WithingsUserData data, CancellationToken cancellationToken)
        {
            delivered.Data.Enqueue(data);
            return Task.CompletedTask;
        }
    }
}
