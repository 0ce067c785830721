using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>A real Kestrel server on 127.0.0.1 with a dynamic port, hosting the receiver, and a client for it.</summary>
internal sealed class ReceiverHost : IAsyncDisposable
{
    private bool _stopped;

    private ReceiverHost(WebApplication app, HttpClient client)
    {
        App = app;
        Client = client;
    }

    /// <summary>The durable store's file, unique to this host and deleted with it (unless a test chose its own).</summary>
    public string StorePath => App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WithingsReceiverOptions>>().Value.StorePath!;

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    public FakeLogCollector Logs => App.Services.GetFakeLogCollector();

    public static async Task<ReceiverHost> StartAsync(
        Action<WithingsReceiverBuilder> receiver,
        Action<WithingsReceiverOptions>? options = null,
        Action<IServiceCollection>? services = null,
        string pattern = "/withings/notify",
        Action<WebApplication>? beforeStart = null)
    {
        var app = Build(receiver, options, services, pattern);
        beforeStart?.Invoke(app);
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TestTimeouts.Wait };
        return new ReceiverHost(app, client);
    }

    public static WebApplication Build(
        Action<WithingsReceiverBuilder> receiver,
        Action<WithingsReceiverOptions>? options = null,
        Action<IServiceCollection>? services = null,
        string pattern = "/withings/notify")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ApplicationName = typeof(ReceiverHost).Assembly.GetName().Name });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);

        // As in the ASP.NET Core templates: this category logs every request URL, query string included.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFakeLogging();
        var ownStore = TestStore.NewPath();
        builder.Services.AddSingleton(new OwnStore(ownStore));
        services?.Invoke(builder.Services);
        receiver(builder.Services.AddWithingsNotifications().AddReceiver(o =>
        {
            // No backoff between attempts unless a test measures it (RetryTests, with a fake clock).
            o.Retry.BaseDelay = TimeSpan.Zero;

            // An explicit opt-out of the secure default, as most tests are not about the secret (SecurityTests are).
            o.AllowAnySender = true;

            // The durable store is the default: each host gets its own file, so no test sees another's leftovers.
            o.StorePath = ownStore;
            options?.Invoke(o);
        }));
        RecordingDeadLetterSink.Apply(builder.Services);
        var app = builder.Build();
        app.MapWithingsNotifications(pattern);
        return app;
    }

    public Task<HttpResponseMessage> PostAsync(string body, string path = "/withings/notify")
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        return Client.PostAsync(new Uri(path, UriKind.Relative), content);
    }

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await App.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await StopAsync();
        var storePath = StorePath;
        var own = App.Services.GetRequiredService<OwnStore>().Path;
        await App.DisposeAsync();
        if (storePath == own)
        {
            TestStore.Delete(storePath);
        }
    }

    /// <summary>The store file this host made up, deleted with it; a test that sets its own path keeps it.</summary>
    private sealed record OwnStore(string Path);
}
