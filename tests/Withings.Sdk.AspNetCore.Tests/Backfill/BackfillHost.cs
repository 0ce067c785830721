using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Withings.Sdk.AspNetCore.Tests.Sync;

namespace Withings.Sdk.AspNetCore.Tests.Backfill;

/// <summary>
/// The receiver with the sync engine and backfills on real Kestrel (127.0.0.1), the Withings API pointed at a
/// <see cref="SyncLookAlike"/>, a token per given user, the durable store in a file of its own, and a recording
/// data handler and backfill listener.
/// </summary>
internal sealed class BackfillHost : IAsyncDisposable
{
    private readonly string _storePath;

    private BackfillHost(WebApplication app, string storePath)
    {
        App = app;
        _storePath = storePath;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TestTimeouts.Wait };
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public SyncRecorder Recorder => App.Services.GetRequiredService<SyncRecorder>();

    public BackfillEvents Events => App.Services.GetRequiredService<BackfillEvents>();

    public IWithingsBackfill Backfill => App.Services.GetRequiredService<IWithingsBackfill>();

    public FakeLogCollector Logs => App.Services.GetFakeLogCollector();

    public static async Task<BackfillHost> StartAsync(
        SyncLookAlike lookAlike,
        IEnumerable<long> users,
        Action<WithingsSyncOptions>? sync = null,
        Action<WithingsBackfillOptions>? backfill = null,
        Action<IServiceCollection>? services = null,
        Dictionary<string, string?>? settings = null)
    {
        var storePath = TestStore.NewPath();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddFakeLogging();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Withings:ApiBaseAddress"] = lookAlike.BaseAddress.AbsoluteUri,
            ["Withings:Retry:MaxAttempts"] = "1",
            ["Withings:Receiver:CallbackSecret"] = SyncHost.Secret,
            ["Withings:Receiver:StorePath"] = storePath,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddSingleton<SyncRecorder>();
        builder.Services.AddSingleton<BackfillEvents>();
        var tokens = new InMemoryWithingsTokenStore();
        foreach (var user in users)
        {
            await tokens.SaveAsync(new WithingsTokenPair(user, "access-" + user, "refresh-" + user, DateTimeOffset.UtcNow.AddYears(30)), CancellationToken.None);
        }

        builder.Services.AddSingleton<IWithingsTokenStore>(tokens);
        services?.Invoke(builder.Services);
        builder.Services.AddWithingsNotifications().AddReceiver()
            .AddSync<RecordingDataHandler>(o =>
            {
                o.BatchWindow = TimeSpan.FromMilliseconds(200);
                o.Retry.BaseDelay = TimeSpan.Zero;
                sync?.Invoke(o);
            })
            .AddListener<RecordingListener>()
            .AddBackfill(o => backfill?.Invoke(o))
            .AddBackfillListener<RecordingBackfillListener>();
        var app = builder.Build();
        app.MapWithingsNotifications("/withings/notify");
        await app.StartAsync();
        return new BackfillHost(app, storePath);
    }

    public async Task PostAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var response = await Client.PostAsync(new Uri("/withings/notify?secret=" + SyncHost.Secret, UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        TestStore.Delete(_storePath);
    }
}

/// <summary>What the backfill listener was told, in order.</summary>
internal sealed class BackfillEvents
{
    public ConcurrentQueue<WithingsBackfillProgress> Progress { get; } = new();

    public ConcurrentQueue<WithingsBackfillProgress> Finished { get; } = new();

    /// <summary>Waits until <paramref name="count"/> users finished (a hang guard only).</summary>
    public async Task WaitForFinishedAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        while (Finished.Count < count)
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}

internal sealed class RecordingBackfillListener(BackfillEvents events) : IWithingsBackfillListener
{
    public Task OnProgressAsync(WithingsBackfillProgress progress, CancellationToken cancellationToken)
    {
        events.Progress.Enqueue(progress);
        return Task.CompletedTask;
    }

    public Task OnUserFinishedAsync(WithingsBackfillProgress progress, CancellationToken cancellationToken)
    {
        events.Finished.Enqueue(progress);
        return Task.CompletedTask;
    }
}
