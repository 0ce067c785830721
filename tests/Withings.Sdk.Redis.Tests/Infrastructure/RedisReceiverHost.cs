using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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

    public static async Task<RedisReceiverHost> StartAsync(
        RedisServer redis,
        string prefix,
        Func<WithingsNotification, CancellationToken, Task>? handle = null,
        Action<WithingsReceiverOptions>? options = null,
        Action<WithingsRedisOptions>? redisOptions = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ApplicationName = typeof(RedisReceiverHost).Assembly.GetName().Name });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
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
                o.HandlerRetryBaseDelay = TimeSpan.Zero;
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
