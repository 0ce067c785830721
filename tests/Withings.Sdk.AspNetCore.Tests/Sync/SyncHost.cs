using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Withings.Sdk.AspNetCore.Tests.Sync;

/// <summary>
/// The receiver with the sync engine on real Kestrel (127.0.0.1, random port), a callback secret, the Withings API
/// pointed at a <see cref="SyncLookAlike"/>, and a token for each given user in the in-memory token store.
/// </summary>
internal sealed class SyncHost : IAsyncDisposable
{
    public const string Secret = "6f1c2e9a-sync-tests";

    private readonly string _storePath;

    private SyncHost(WebApplication app, string storePath)
    {
        App = app;
        _storePath = storePath;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TestTimeouts.Wait };
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public SyncRecorder Recorder => App.Services.GetRequiredService<SyncRecorder>();

    public FakeLogCollector Logs => App.Services.GetFakeLogCollector();

    public static async Task<SyncHost> StartAsync(
        SyncLookAlike lookAlike,
        IEnumerable<long> users,
        Action<WithingsSyncOptions>? sync = null,
        Action<IServiceCollection>? services = null,
        Dictionary<string, string?>? settings = null)
    {
        var storePath = TestStore.NewPath();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.AddFakeLogging();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Withings:ApiBaseAddress"] = lookAlike.BaseAddress.AbsoluteUri,
            ["Withings:Retry:MaxAttempts"] = "1",
            ["Withings:Receiver:CallbackSecret"] = Secret,

            // The durable store is the default queue: each host gets its own file, so no test sees another's leftovers.
            ["Withings:Receiver:StorePath"] = storePath,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddSingleton<SyncRecorder>();
        var tokens = new InMemoryWithingsTokenStore();
        foreach (var user in users)
        {
            await tokens.SaveAsync(new WithingsTokenPair(user, "access-" + user, "refresh-" + user, DateTimeOffset.UtcNow.AddDays(30)), CancellationToken.None);
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
            .AddProfileActionHandler<RecordingProfileHandler>()
            .AddListener<RecordingListener>();
        RecordingDeadLetterSink.Apply(builder.Services);
        var app = builder.Build();
        app.MapWithingsNotifications("/withings/notify");
        await app.StartAsync();
        return new SyncHost(app, storePath);
    }

    public async Task PostAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var response = await Client.PostAsync(new Uri("/withings/notify?secret=" + Secret, UriKind.Relative), content);
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
