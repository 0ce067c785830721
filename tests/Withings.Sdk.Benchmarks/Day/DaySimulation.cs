using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Withings.Sdk.AspNetCore;

namespace Withings.Sdk.Benchmarks.Day;

/// <summary>
/// Runs one schedule of notifications through one way of fetching, on a <see cref="VirtualClock"/>, against the
/// <see cref="DayLookAlike"/>, under the SDK's default rate limiter (<see cref="WithingsRateLimiter"/>, 120 a minute):
/// the sync engine as registered by an application, or each notification planned and fetched alone.
/// </summary>
public static class DaySimulation
{
    /// <summary>The mode name of the sync engine.</summary>
    public const string Engine = "engine";

    /// <summary>The mode name of one-by-one fetching.</summary>
    public const string OneByOne = "one by one";

    private const string Secret = "day-simulator-secret";

    /// <summary>
    /// The sync engine through its public registration (<c>AddWithingsNotifications().AddReceiver().UseInMemoryQueue().AddSync</c>),
    /// default options, every notification POSTed to the mapped endpoint of a loopback Kestrel as Withings would.
    /// </summary>
    /// <param name="day">The day, for the users' zones.</param>
    /// <param name="schedule">The notifications.</param>
    /// <param name="users">How many users.</param>
    /// <returns>What the run measured.</returns>
    public static async Task<DayRun> RunEngineAsync(DayGenerator day, IReadOnlyList<DayNotification> schedule, int users)
    {
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(schedule);
        var clock = new VirtualClock(day.Start);
        var inFlight = new InFlightCounter();
        var recorder = new LatencyRecorder([.. schedule.Select(n => n.At)]);
        var stats = new Stats(recorder, clock);
        await using var lookAlike = await DayLookAlike.StartAsync(day, clock);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Withings:ApiBaseAddress"] = lookAlike.BaseAddress.AbsoluteUri,
            ["Withings:Receiver:CallbackSecret"] = Secret,
            // A day the engine cannot keep up with must show as latency, not as 503s.
            ["Withings:Receiver:QueueCapacity"] = "10000000",
            ["Withings:Receiver:QueueCapacityBytes"] = "4000000000",
        });
        Register(builder.Services, clock, users, inFlight)
            .AddReceiver()
            .UseInMemoryQueue()
            .AddSync<RecordingHandler>();
        builder.Services.AddSingleton(stats);
        await using var app = builder.Build();
        app.MapWithingsNotifications("/withings/notify");
        await app.StartAsync();

        using var listener = ListenToReceiver(app.Services.GetRequiredService<IMeterFactory>(), stats);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        var parser = new NotificationParser();
        var target = new Uri("/withings/notify?secret=" + Secret, UriKind.Relative);
        var driver = new DayDriver(schedule, clock, inFlight, recorder, (index, notification) =>
        {
            var duplicates = stats.Duplicates;
            using var content = new StringContent(notification.Body, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
            using var response = client.PostAsync(target, content).GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode)
            {
                stats.Rejected++;
                return;
            }

            recorder.Arrived(index, parser.Parse(notification.Body), stats.Duplicates != duplicates);
        });
        await driver.RunAsync(day.End);

        // Stopping dead-letters what the in-memory queue still holds (reason shutdown): that is the cut, not the engine.
        stats.StopCounting();
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await app.StopAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                // The run is over; what the engine still holds was counted as undelivered.
            }
        }

        return Result(Engine, users, schedule, recorder, inFlight, driver, stats);
    }

    /// <summary>
    /// Each notification planned alone (<see cref="FetchPlanner.Plan(WithingsNotification, PlanningContext?)"/>, the
    /// user's zone known) and fetched through <see cref="IWithingsDataClient"/> as soon as it arrives, every request
    /// waiting on the same default limiter.
    /// </summary>
    /// <param name="day">The day, for the users' zones.</param>
    /// <param name="schedule">The notifications.</param>
    /// <param name="users">How many users.</param>
    /// <returns>What the run measured.</returns>
    public static async Task<DayRun> RunOneByOneAsync(DayGenerator day, IReadOnlyList<DayNotification> schedule, int users)
    {
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(schedule);
        var clock = new VirtualClock(day.Start);
        var inFlight = new InFlightCounter();
        var recorder = new LatencyRecorder([.. schedule.Select(n => n.At)]);
        var stats = new Stats(recorder, clock);
        await using var lookAlike = await DayLookAlike.StartAsync(day, clock);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Withings:ApiBaseAddress"] = lookAlike.BaseAddress.AbsoluteUri,
        }).Build());
        services.AddLogging();
        Register(services, clock, users, inFlight);
        await using var provider = services.BuildServiceProvider();
        var planner = provider.GetRequiredService<FetchPlanner>();
        var data = provider.GetRequiredService<IWithingsDataClient>();
        var parser = new NotificationParser();
        var zones = new Dictionary<int, TimeZoneInfo>();
        var driver = new DayDriver(schedule, clock, inFlight, recorder, (index, notification) =>
        {
            if (!zones.TryGetValue(notification.User, out var zone))
            {
                zone = day.ZoneOf(notification.User);
                zones.Add(notification.User, zone);
            }

            var plan = planner.Plan(parser.Parse(notification.Body), new PlanningContext { TimeZone = zone });
            _ = Task.Run(async () =>
            {
                var results = await data.ExecuteAsync(plan, CancellationToken.None).ConfigureAwait(false);
                stats.Failed(results.Count(r => r.Error is not null));
                recorder.Received(index, clock.Now);
                stats.Delivered(clock.Now);
            });
        });
        await driver.RunAsync(day.End);
        return Result(OneByOne, users, schedule, recorder, inFlight, driver, stats);
    }

    private static WithingsBuilder Register(IServiceCollection services, VirtualClock clock, int users, InFlightCounter inFlight)
    {
        // Registered first: the SDK and the receiver only add the system clock when none is there.
        services.AddSingleton<TimeProvider>(clock);
        var tokens = new InMemoryWithingsTokenStore();
        for (var user = 0; user < users; user++)
        {
            // Valid past the simulated day: token refreshes (a permit each) are left out of the comparison.
            tokens.SaveAsync(new WithingsTokenPair(DayGenerator.UserId(user), DayLookAlike.AccessToken(user), "refresh-" + user.ToString(CultureInfo.InvariantCulture), clock.Now.AddDays(30)), CancellationToken.None)
                .GetAwaiter().GetResult();
        }

        services.AddSingleton<IWithingsTokenStore>(tokens);
        return services.AddWithingsNotifications()
            .ConfigureHttpClient(http => http.AddHttpMessageHandler(() => new InFlightHandler(inFlight)));
    }

    private static MeterListener ListenToReceiver(IMeterFactory meters, Stats stats)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name is "withings.notifications.duplicates" or "withings.notifications.dead_lettered")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "withings.notifications.duplicates")
            {
                stats.AddDuplicates(value);
                return;
            }

            var reason = "other";
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    reason = tag.Value?.ToString() ?? reason;
                }
            }

            stats.AddDeadLettered(reason, value);
        });
        listener.Start();
        return listener;
    }

    private static DayRun Result(string mode, int users, IReadOnlyList<DayNotification> schedule, LatencyRecorder recorder, InFlightCounter inFlight, DayDriver driver, Stats stats)
    {
        var problems = new List<string>(driver.Problems);
        var latencies = recorder.Latencies().Order().ToList();
        if (!driver.Cut && recorder.Delivered != schedule.Count)
        {
            problems.Add($"{schedule.Count - recorder.Delivered} notifications undelivered");
        }

        if (recorder.Unexpected > 0)
        {
            problems.Add($"{recorder.Unexpected} deliveries matched no waiting notification");
        }

        if (stats.Rejected > 0)
        {
            problems.Add($"{stats.Rejected} posts refused");
        }

        if (stats.DeadLettered.Count > 0)
        {
            problems.Add("notifications dead-lettered (" + string.Join(", ", stats.DeadLettered.Select(r => $"{r.Key}: {r.Value}")) + ")");
        }

        if (stats.Failures > 0)
        {
            problems.Add($"{stats.Failures} requests failed");
        }

        return new DayRun(
            mode,
            users,
            schedule.Count,
            recorder.Delivered,
            inFlight.Sent,
            latencies,
            driver.Cut,
            stats.Clock.Now,
            driver.LastArrival,
            stats.LastDelivery,
            recorder.MaxBacklogAge,
            problems,
            driver.RealTime);
    }

    /// <summary>Counts shared by the driver, the handler and the meter listener.</summary>
    internal sealed class Stats(LatencyRecorder recorder, VirtualClock clock)
    {
        private readonly Dictionary<string, long> _deadLettered = [];
        private long _duplicates;
        private long _failures;
        private bool _stopped;
        private long _lastDelivery;

        public LatencyRecorder Recorder => recorder;

        public VirtualClock Clock => clock;

        public long Duplicates => Interlocked.Read(ref _duplicates);

        public IReadOnlyDictionary<string, long> DeadLettered
        {
            get
            {
                lock (_deadLettered)
                {
                    return new Dictionary<string, long>(_deadLettered);
                }
            }
        }

        public long Failures => Interlocked.Read(ref _failures);

        public int Rejected { get; set; }

        public DateTimeOffset LastDelivery => new(Interlocked.Read(ref _lastDelivery), TimeSpan.Zero);

        public void AddDuplicates(long count) => Interlocked.Add(ref _duplicates, count);

        public void AddDeadLettered(string reason, long count)
        {
            lock (_deadLettered)
            {
                if (!_stopped)
                {
                    _deadLettered[reason] = _deadLettered.GetValueOrDefault(reason) + count;
                }
            }
        }

        public void StopCounting()
        {
            lock (_deadLettered)
            {
                _stopped = true;
            }
        }

        public void Failed(int count) => Interlocked.Add(ref _failures, count);

        public void Delivered(DateTimeOffset at)
        {
            long seen;
            do
            {
                seen = Interlocked.Read(ref _lastDelivery);
            }
            while (at.UtcTicks > seen && Interlocked.CompareExchange(ref _lastDelivery, at.UtcTicks, seen) != seen);
        }
    }

    /// <summary>The engine's data handler: notes when each notification's data arrived.</summary>
    internal sealed class RecordingHandler(Stats stats) : IWithingsDataHandler
    {
        public Task HandleAsync(WithingsUserData data, CancellationToken cancellationToken)
        {
            var now = stats.Clock.Now;
            stats.Recorder.Received(data.Notifications, now);
            stats.Failed(data.Failures.Count);
            stats.Delivered(now);
            return Task.CompletedTask;
        }
    }
}
