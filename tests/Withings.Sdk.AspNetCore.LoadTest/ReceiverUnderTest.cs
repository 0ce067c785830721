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
    private long _largestPlan;

    private readonly string? _storePath;

    private ReceiverUnderTest(WebApplication app, string? storePath)
    {
        App = app;
        _storePath = storePath;
    }

    public const string BaselinePath = "/baseline";

    /// <summary>The callback secret; the legitimate traffic posts to <see cref="NotifyPath"/>, forged posts go without it.</summary>
    public const string Secret = "load-test-callback-secret";

    public const string NotifyPath = "/withings/notify?secret=" + Secret;

    public WebApplication App { get; }

    public Uri Address => new(App.Urls.Single());

    public IWithingsReceiverStore Store => App.Services.GetRequiredService<IWithingsReceiverStore>();

    public IReadOnlyDictionary<long, int> Handled => _handled;

    public long DeadLetters => Interlocked.Read(ref _deadLetters);

    /// <summary>The largest fetch plan handled so far (the hostile mix's huge windows).</summary>
    public long LargestPlan => Interlocked.Read(ref _largestPlan);

    public long Counter(string name) => _counters.TryGetValue(name, out var value) ? value : 0;

    /// <param name="store">
    /// <c>memory</c>, <c>durable</c> (process-crash safe), <c>durable-full</c> (power-loss safe), or <c>redis</c> (the
    /// queue <paramref name="withings"/> registers, typically with <c>UseRedis</c>).
    /// </param>
    public static async Task<ReceiverUnderTest> StartAsync(int capacity, int handlers, TimeSpan handlerDelay, string store, Action<WithingsBuilder>? withings = null)
    {
        var storePath = store is "memory" or "redis" ? null : Path.Combine(Path.GetTempPath(), $"withings-load-{Guid.NewGuid():N}.db");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole();
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(90));
        ReceiverUnderTest? self = null;
        var sdk = builder.Services.AddWithingsNotifications();
        withings?.Invoke(sdk);
        var receiver = sdk
            .AddReceiver(o =>
            {
                o.CallbackSecret = Secret;
                o.StorePath = storePath;
                o.StoreDurability = store == "durable-full" ? WithingsStoreDurability.PowerLoss : WithingsStoreDurability.ProcessCrash;
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
                self.PlannedRequests(plan.Requests.Count);
            });
        if (store == "memory")
        {
            receiver.UseInMemoryQueue();
        }

        // Around whichever store was chosen: counts each dead letter, then lets the store keep it.
        var chosen = receiver.Services.Last(d => d.ServiceType == typeof(IWithingsReceiverStore));
        receiver.Services.Remove(chosen);
        receiver.Services.AddSingleton<IWithingsReceiverStore>(sp => new CountingStore(() => Interlocked.Increment(ref self!._deadLetters), (IWithingsReceiverStore)chosen.ImplementationFactory!(sp)));

        var app = builder.Build();
        app.MapWithingsNotifications();

        // The floor: the same server and driver with an endpoint that does nothing, to tell the receiver's cost apart.
        app.MapPost(BaselinePath, context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentLength = 0;
            return Task.CompletedTask;
        });
        self = new ReceiverUnderTest(app, storePath);
        self.ListenToMeter();
        await app.StartAsync();
        return self;
    }

    private void PlannedRequests(long count)
    {
        var seen = Interlocked.Read(ref _largestPlan);
        while (count > seen && Interlocked.CompareExchange(ref _largestPlan, count, seen) != seen)
        {
            seen = Interlocked.Read(ref _largestPlan);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await App.DisposeAsync();
        if (_storePath is not null)
        {
            foreach (var file in new[] { _storePath, _storePath + "-wal", _storePath + "-shm" })
            {
                File.Delete(file);
            }
        }
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

    private sealed class CountingStore(Action count, IWithingsReceiverStore inner) : IWithingsReceiverStore
    {
        public ValueTask DeadLetterAsync(ReceivedNotification notification, WithingsDeadLetterReason reason, string description, int attempts, CancellationToken cancellationToken)
        {
            count();
            return inner.DeadLetterAsync(notification, reason, description, attempts, cancellationToken);
        }

        public ValueTask<WithingsAcceptResult> AcceptAsync(ReceivedNotification notification, CancellationToken cancellationToken) => inner.AcceptAsync(notification, cancellationToken);

        public IAsyncEnumerable<ReceivedNotification> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);

        public ValueTask CompleteAsync(ReceivedNotification notification, CancellationToken cancellationToken) => inner.CompleteAsync(notification, cancellationToken);

        public void StopAccepting() => inner.StopAccepting();

        public WithingsStoreStatus GetStatus() => inner.GetStatus();

        public ValueTask<WithingsStoreStatus> CheckAsync(CancellationToken cancellationToken) => inner.CheckAsync(cancellationToken);

        public ValueTask<IReadOnlyList<WithingsStoredDeadLetter>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

        public ValueTask<int> ReplayAsync(long? id, CancellationToken cancellationToken) => inner.ReplayAsync(id, cancellationToken);

        public ValueTask<int> PurgeAsync(long? id, CancellationToken cancellationToken) => inner.PurgeAsync(id, cancellationToken);
    }
}
