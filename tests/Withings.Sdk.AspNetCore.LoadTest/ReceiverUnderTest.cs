using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore.LoadTest;

/// <summary>The receiver on a real Kestrel bound to 127.0.0.1 only, with a counting handler and dead-letter sink.</summary>
internal sealed class ReceiverUnderTest : IAsyncDisposable
{
    private readonly ConcurrentDictionary<long, int> _handled = new();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _counters = new(StringComparer.Ordinal);
    private long _deadLetters;

    private ReceiverUnderTest(WebApplication app) => App = app;

    public const string BaselinePath = "/baseline";

    public WebApplication App { get; }

    public Uri Address => new(App.Urls.Single());

    public IWithingsNotificationQueue Queue => App.Services.GetRequiredService<IWithingsNotificationQueue>();

    public IReadOnlyDictionary<long, int> Handled => _handled;

    public long DeadLetters => Interlocked.Read(ref _deadLetters);

    public long Counter(string name) => _counters.TryGetValue(name, out var value) ? value : 0;

    public static async Task<ReceiverUnderTest> StartAsync(int capacity, int handlers, TimeSpan handlerDelay, Action<WithingsBuilder>? withings = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole();
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(90));
        ReceiverUnderTest? self = null;
        var sdk = builder.Services.AddWithingsNotifications();
        withings?.Invoke(sdk);
        sdk
            .AddReceiver(o =>
            {
                o.QueueCapacity = capacity;
                o.DuplicateCacheSize = capacity;
                o.HandlerConcurrency = handlers;
            })
            .AddHandler(async (notification, plan, ct) =>
            {
                if (handlerDelay > TimeSpan.Zero)
                {
                    await Task.Delay(handlerDelay, ct);
                }

                self!._handled.AddOrUpdate(notification.UserId!.Value, 1, (_, n) => n + 1);
            })
            .Services.AddSingleton<IWithingsDeadLetterSink>(_ => new CountingSink(() => Interlocked.Increment(ref self!._deadLetters)));

        var app = builder.Build();
        app.MapWithingsNotifications();

        // The floor: the same server and driver with an endpoint that does nothing, to tell the receiver's cost apart.
        app.MapPost(BaselinePath, context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentLength = 0;
            return Task.CompletedTask;
        });
        self = new ReceiverUnderTest(app);
        self.ListenToMeter();
        await app.StartAsync();
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await App.DisposeAsync();
    }

    private void ListenToMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Withings.Sdk" && instrument is Counter<long>)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            _counters.AddOrUpdate(instrument.Name, value, (_, total) => total + value));
        _listener.Start();
    }

    private sealed class CountingSink(Action count) : IWithingsDeadLetterSink
    {
        public ValueTask WriteAsync(WithingsDeadLetter deadLetter, CancellationToken cancellationToken)
        {
            count();
            return ValueTask.CompletedTask;
        }
    }
}
