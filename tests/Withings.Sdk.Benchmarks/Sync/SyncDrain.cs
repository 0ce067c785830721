using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Withings.Sdk.AspNetCore;
using Withings.Sdk.AspNetCore.Tests.Sync;
using Withings.Sdk.Benchmarks.Planning;

namespace Withings.Sdk.Benchmarks.Sync;

/// <summary>
/// <c>--sync</c>: drains the seeded 10 000-notification day through the real endpoint and the sync engine to the
/// loopback look-alike three times in one run: batched (the default 2 s window), the whole day as one batch, and one
/// by one (<c>MaxBatch = 1</c>); it prints the requests each sent and its wall time from the first post to the last
/// batch handled (the sequential posts dominate it). The rate limit is
/// raised far above Withings' 120/minute so that the engine's own cost is measured, not the limit.
/// </summary>
public static class SyncDrain
{
    private const int Notifications = 10_000;
    private const string Secret = "benchmark-secret";

    public static async Task<int> RunAsync(TextWriter output)
    {
        var bodies = new NotificationStreamGenerator().GenerateBodies(Notifications);
        var distinct = bodies.Distinct(StringComparer.Ordinal).Count();
        output.WriteLine($"{bodies.Count} notifications ({distinct} distinct) of {NotificationStreamGenerator.DefaultUsers} users, drained through the endpoint and the sync engine:");
        output.WriteLine("| mode | requests sent | wall time (s) |");
        output.WriteLine("| --- | ---: | ---: |");
        // A first drain, not reported, so that no mode pays for the JIT and the first connections.
        await DrainAsync(bodies, distinct, maxBatch: 1_000);
        var batched = await DrainAsync(bodies, distinct, maxBatch: 1_000);
        output.WriteLine($"| batched (2 s window) | {batched.Requests} | {batched.Seconds:F2} |");
        var whole = await DrainAsync(bodies, distinct, maxBatch: distinct, window: TimeSpan.FromMinutes(10));
        output.WriteLine($"| the whole day as one batch | {whole.Requests} | {whole.Seconds:F2} |");
        var oneByOne = await DrainAsync(bodies, distinct, maxBatch: 1);
        output.WriteLine($"| one by one | {oneByOne.Requests} | {oneByOne.Seconds:F2} |");
        output.WriteLine($"batched / one by one: requests {(double)batched.Requests / oneByOne.Requests:F3}, wall time {batched.Seconds / oneByOne.Seconds:F3}");
        return 0;
    }

    private static async Task<(int Requests, double Seconds)> DrainAsync(IReadOnlyList<string> bodies, int distinct, int maxBatch, TimeSpan? window = null)
    {
        await using var lookAlike = await SyncLookAlike.StartAsync();
        var counter = new Counter();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Withings:ApiBaseAddress"] = lookAlike.BaseAddress.AbsoluteUri,
            ["Withings:RateLimit:PermitsPerMinute"] = "10000000",
            ["Withings:RateLimit:Burst"] = "1000",
            ["Withings:Receiver:CallbackSecret"] = Secret,
            ["Withings:Receiver:QueueCapacity"] = "20000",
        });
        var tokens = new InMemoryWithingsTokenStore();
        for (var i = 0; i < NotificationStreamGenerator.DefaultUsers; i++)
        {
            var user = NotificationStreamGenerator.FirstUserId + i;
            await tokens.SaveAsync(new WithingsTokenPair(user, "access-" + i, "refresh-" + i, DateTimeOffset.UtcNow.AddDays(1)), CancellationToken.None);
        }

        builder.Services.AddSingleton<IWithingsTokenStore>(tokens);
        builder.Services.AddSingleton(counter);
        // In memory, as when the figures in docs/sync.md were measured: the engine's cost, not the store's.
        builder.Services.AddWithingsNotifications().AddReceiver()
            .UseInMemoryQueue()
            .AddSync<NoOpHandler>(o =>
            {
                o.MaxBatch = maxBatch;
                o.BatchWindow = window ?? o.BatchWindow;
            })
            .AddListener<CountingListener>();
        await using var app = builder.Build();
        app.MapWithingsNotifications("/withings/notify");
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        var clock = Stopwatch.StartNew();
        foreach (var body in bodies)
        {
            using var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
            using var response = await client.PostAsync(new Uri("/withings/notify?secret=" + Secret, UriKind.Relative), content);
            response.EnsureSuccessStatusCode();
        }

        await counter.WaitForAsync(distinct);
        var seconds = clock.Elapsed.TotalSeconds;
        await app.StopAsync();
        return (lookAlike.Calls.Count, seconds);
    }

    private sealed class Counter
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _target = int.MaxValue;
        private int _count;

        public void Add(int notifications)
        {
            if (Interlocked.Add(ref _count, notifications) >= Volatile.Read(ref _target))
            {
                _done.TrySetResult();
            }
        }

        public Task WaitForAsync(int target)
        {
            Volatile.Write(ref _target, target);
            if (Volatile.Read(ref _count) >= target)
            {
                _done.TrySetResult();
            }

            return _done.Task.WaitAsync(TimeSpan.FromMinutes(10));
        }
    }

    private sealed class NoOpHandler : IWithingsDataHandler
    {
        public Task HandleAsync(WithingsUserData data, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class CountingListener(Counter counter) : IWithingsSyncListener
    {
        public Task OnBatchSyncedAsync(WithingsSyncBatch batch, CancellationToken cancellationToken)
        {
            counter.Add(batch.Notifications);
            return Task.CompletedTask;
        }
    }
}
