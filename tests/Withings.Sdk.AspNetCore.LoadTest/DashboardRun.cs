using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore.LoadTest;

/// <summary>
/// <c>--dashboard</c>: the dashboard's page weight and serve time with a full store. A receiver on the durable store
/// (SQLite) receives 10 000 notifications of 10 000 linked users (one in ten dead-lettered by its handler), so that the
/// trail is full, the dead-letter table holds 1 000 rows and the token store 10 000 users; then each page is served
/// 500 times in a row and its size and serve time (request sent to last byte read, on one keep-alive connection) reported.
/// </summary>
internal static class DashboardRun
{
    private const int Notifications = 10_000;
    private const int Samples = 500;
    private const int WarmupRequests = 50;
    private const int MaxBytes = 100 * 1024;
    private static readonly TimeSpan MaxP95 = TimeSpan.FromMilliseconds(20);

    public static async Task<bool> RunAsync(CancellationToken deadline)
    {
        var storePath = Path.Combine(Path.GetTempPath(), $"withings-dashboard-run-{Guid.NewGuid():N}.db");
        var tokens = new InMemoryWithingsTokenStore();
        for (var user = 1; user <= Notifications; user++)
        {
            await tokens.SaveAsync(new WithingsTokenPair(user, "access-" + user, "refresh-" + user, DateTimeOffset.UtcNow.AddDays(30)), deadline);
        }

        var done = 0;
        var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IWithingsTokenStore>(tokens);
        builder.Services.AddAntiforgery();
        builder.Services.AddWithingsNotifications().AddReceiver(o =>
        {
            o.StorePath = storePath;
            o.AllowAnySender = true;
            o.Retry.MaxAttempts = 1;
            o.Retry.BaseDelay = TimeSpan.Zero;
            o.QueueCapacity = Notifications * 2;
        }).AddHandler((notification, _, _) =>
        {
            if (Interlocked.Increment(ref done) == Notifications)
            {
                allDone.TrySetResult();
            }

            // One in ten fails, to fill the dead-letter store.
            return notification.UserId % 10 == 0 ? throw new InvalidOperationException("dead-lettered on purpose") : Task.CompletedTask;
        });
        await using var app = builder.Build();
        app.MapWithingsNotifications("/withings/notify");
        app.MapWithingsDashboard("/withings/admin", o => o.RestrictToLoopback = true);
        await app.StartAsync(deadline);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(1, Notifications), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = deadline }, async (user, token) =>
            {
                using var content = new StringContent($"userid={user}&appli=1&startdate=1530576000&enddate=1530698753", Encoding.UTF8);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
                using var response = await client.PostAsync(new Uri("/withings/notify", UriKind.Relative), content, token);
                response.EnsureSuccessStatusCode();
            });
            await allDone.Task.WaitAsync(deadline);

            // The last dead letters are written just after their handler threw: wait until the store holds them all.
            var store = app.Services.GetRequiredService<IWithingsDeadLetterStore>();
            while ((await store.ListAsync(deadline)).Count < Notifications / 10)
            {
                await Task.Delay(20, deadline);
            }

            Console.WriteLine($"load average: {LoadAverage()} (the machine is shared: read p50 as the page's own cost, p95 as what the machine's load adds)");
            Console.WriteLine($"{Notifications:N0} notifications received and handled ({Notifications / 10:N0} dead-lettered), {Notifications:N0} users in the token store; {Samples} requests per page after {WarmupRequests} of warm-up, one at a time");
            Console.WriteLine($"{"page",-34} {"bytes",9} {"p50 ms",8} {"p95 ms",8} {"max ms",8}");
            var ok = true;
            foreach (var page in new[] { "", "notifications", "notifications?user=5000", "dead-letters", "users" })
            {
                ok &= await MeasureAsync(client, "/withings/admin/" + page, deadline);
            }

            Console.WriteLine($"load average: {LoadAverage()}");
            return ok;
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            foreach (var file in new[] { storePath, storePath + "-wal", storePath + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static async Task<bool> MeasureAsync(HttpClient client, string path, CancellationToken deadline)
    {
        var uri = new Uri(path, UriKind.Relative);
        var bytes = 0;
        for (var i = 0; i < WarmupRequests; i++)
        {
            bytes = (await client.GetByteArrayAsync(uri, deadline)).Length;
        }

        var times = new double[Samples];
        for (var i = 0; i < Samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(uri, deadline);
            bytes = (await response.Content.ReadAsByteArrayAsync(deadline)).Length;
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            response.EnsureSuccessStatusCode();
        }

        Array.Sort(times);
        var p95 = times[(int)Math.Ceiling(Samples * 0.95) - 1];
        var ok = bytes < MaxBytes && p95 < MaxP95.TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path,-34} {bytes,9:N0} {times[Samples / 2],8:0.00} {p95,8:0.00} {times[^1],8:0.00}{(ok ? string.Empty : "  over the limit (100 KB, 20 ms p95)")}"));
        return ok;
    }
}
