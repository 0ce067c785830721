using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Withings.Sdk.AspNetCore;

namespace Withings.Sdk.Redis.Tests;

/// <summary>One receiver instance on real Kestrel (127.0.0.1, dynamic port) with UseRedis, and a client for it.</summary>
internal sealed class RedisReceiverHost : IAsyncDisposable
{
    public const string Secret = "8d3f0c27e1b94a6c";

    private RedisReceiverHost(WebApplication app)
    {
        App = app;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromMinutes(3) };
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public ConcurrentQueue<WithingsNotification> Handled { get; } = new();

    /// <summary>The instance's queue, whose heartbeat a test steps with a fake clock.</summary>
    public RedisReceiverStore Queue => App.Services.GetRequiredService<RedisReceiverStore>();

    /// <summary>Every log line of this host, Debug and up, for a failing test to print.</summary>
    public string LogText => string.Join(
        Environment.NewLine,
        App.Services.GetFakeLogCollector().GetSnapshot().Select(r => $"{r.Timestamp:HH:mm:ss.fff} {r.Level} {r.Category} {r.Id.Id}: {r.Message} {r.Exception?.GetType().Name} {r.Exception?.Message}"));

    /// <summary>
    /// Advances the hosts' shared fake clock and waits until each host's heartbeat has ended one more round (beat and
    /// look), so that nothing is left running on the old time when the test goes on.
    /// </summary>
    public static async Task StepAsync(FakeTimeProvider clock, TimeSpan by, params RedisReceiverHost[] hosts)
    {
        var before = hosts.Select(h => h.Queue.Heartbeat.Rounds).ToArray();
        clock.Advance(by);
        await WaitForRoundsAsync(hosts, before);
    }

    /// <summary>
    /// Waits until <paramref name="done"/> holds, the clock standing still meanwhile; when a round of the host's heartbeat
    /// did not get there (a Redis call of that round timed out on a loaded machine, say), moves the clock one heartbeat
    /// interval so that the next round tries again, and fails once the clock has moved <paramref name="before"/>.
    /// </summary>
    /// <returns>How far the clock moved.</returns>
    public static async Task<TimeSpan> WaitWithinAsync(FakeTimeProvider clock, TimeSpan before, Func<bool> done, RedisReceiverHost host)
    {
        var start = clock.GetUtcNow();
        while (true)
        {
            var waited = Stopwatch.StartNew();
            while (waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                if (done())
                {
                    return clock.GetUtcNow() - start;
                }

                await Task.Delay(20);
            }

            var interval = new WithingsRedisOptions().HeartbeatInterval;
            if (clock.GetUtcNow() - start + interval >= before)
            {
                throw new TimeoutException($"Not done before the clock moved {before}:{Environment.NewLine}{host.LogText}");
            }

            await StepAsync(clock, interval, host);
        }
    }

    /// <summary>Waits until each host's heartbeat has ended its first round (it starts with the first read).</summary>
    public static Task StartedAsync(params RedisReceiverHost[] hosts) => WaitForRoundsAsync(hosts, new long[hosts.Length]);

    private static async Task WaitForRoundsAsync(RedisReceiverHost[] hosts, long[] before)
    {
        var waited = Stopwatch.StartNew();
        while (hosts.Where((h, i) => h.Queue.Heartbeat.Rounds <= before[i]).Any())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException("A heartbeat round did not end within 60 s.");
            }

            await Task.Delay(2);
        }
    }

    public static async Task<RedisReceiverHost> StartAsync(
        RedisServer redis,
        string prefix,
        Func<WithingsNotification, CancellationToken, Task>? handle = null,
        Action<WithingsReceiverOptions>? options = null,
        Action<WithingsRedisOptions>? redisOptions = null,
        TimeProvider? time = null,
        TimeSpan? shutdownTimeout = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ApplicationName = typeof(RedisReceiverHost).Assembly.GetName().Name });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();

        // Kept in memory, for a test to print when a wait fails: what the store and the loop said meanwhile.
        builder.Logging.SetMinimumLevel(LogLevel.Debug).AddFakeLogging();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout ?? TimeSpan.FromSeconds(2));
        if (time is not null)
        {
            // Before AddWithingsNotifications, which only adds the system clock when none is registered.
            builder.Services.AddSingleton(time);
        }

        RedisReceiverHost? host = null;
        builder.Services.AddWithingsNotifications()
            .UseRedis(redis.Endpoint, configure: o =>
            {
                o.KeyPrefix = prefix;
                o.PollInterval = TimeSpan.FromMilliseconds(50);
                redisOptions?.Invoke(o);
            })
            .AddReceiver(o =>
            {
                o.CallbackSecret = Secret;
                o.Retry.BaseDelay = TimeSpan.Zero;
                options?.Invoke(o);
            })
            .AddHandler(async (notification, _, cancellationToken) =>
            {
                if (handle is not null)
                {
                    await handle(notification, cancellationToken);
                }

                host!.Handled.Enqueue(notification);
            });
        var app = builder.Build();
        app.MapWithingsNotifications();
        app.MapHealthChecks("/health");
        await app.StartAsync();
        host = new RedisReceiverHost(app);
        return host;
    }

    public Task<HttpResponseMessage> PostAsync(string body)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        return Client.PostAsync(new Uri("/withings/notify?secret=" + Secret, UriKind.Relative), content);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync();
        }
        catch (OperationCanceledException)
        {
            // A handler still blocked at the shutdown deadline: the test wanted it left unacknowledged.
        }

        await App.DisposeAsync();
        Client.Dispose();
    }
}
