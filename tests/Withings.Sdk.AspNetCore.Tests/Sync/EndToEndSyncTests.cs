using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Withings.Sdk.Benchmarks.Planning;
using Withings.Sdk.Testing;

namespace Withings.Sdk.AspNetCore.Tests.Sync;

/// <summary>
/// 2 000 notifications of 50 users (the seeded stream: duplicates and redeliveries included) through the real
/// endpoint, the sync engine and the SDK's HTTP stack to the loopback look-alike. The rate limiter runs on a fake
/// clock that moves only while a request waits for a permit, so that a minute of Withings time takes milliseconds and
/// the look-alike stamps each request with the instant it was granted.
/// </summary>
public sealed class EndToEndSyncTests
{
    private const int Notifications = 2_000;
    private const int Users = 50;
    private const int PermitsPerMinute = 120;

    [Test]
    public async Task Seeded_day_reaches_the_handler_in_3x_fewer_requests_within_the_rate_limit()
    {
        var bodies = new NotificationStreamGenerator(users: Users).GenerateBodies(Notifications);

        // The endpoint drops the repeated bodies as duplicates: the engine receives each distinct one once.
        var distinct = bodies.Distinct(StringComparer.Ordinal).Count();
        var userIds = Enumerable.Range(0, Users).Select(i => NotificationStreamGenerator.FirstUserId + i).ToList();
        var clock = new FakeTimeProvider(NotificationStreamGenerator.DefaultDay.AddHours(26));
        using var limiter = new WithingsRateLimiter(new WithingsRateLimitOptions { PermitsPerMinute = PermitsPerMinute }, clock);
        await using var lookAlike = await SyncLookAlike.StartAsync(clock);
        await using var host = await SyncHost.StartAsync(
            lookAlike,
            userIds,
            o =>
            {
                // One window for the compressed day (Withings spreads it over 24 hours): the host runs on the fake
                // clock, which stands still while the day is posted, and the test closes every user's window at once.
                o.BatchWindow = TimeSpan.FromMinutes(10);
                o.MaxBatch = bodies.Count + 1;

                // One request in flight at a time, so that the fake clock stands still between a grant and its arrival.
                o.UserConcurrency = 1;
            },
            s =>
            {
                s.AddSingleton<TimeProvider>(clock);
                s.AddKeyedSingleton<RateLimiter>(WithingsRateLimiter.ServiceKey, limiter);
            });
        foreach (var body in bodies)
        {
            await host.PostAsync(body);
        }

        // Every notification accepted (a repeat posted after the first was read is accepted again) waits in its
        // user's open window; then the windows close together and the clock moves with the limiter.
        var stage = (SyncStage)host.App.Services.GetRequiredService<IDeliveryStage>();
        var receiverStore = host.App.Services.GetRequiredService<IWithingsReceiverStore>();
        await WaitForAsync(() => receiverStore.GetStatus().Held is var held && stage.Desks == (held, held));
        var accepted = stage.Desks.Waiting;
        using var stop = new CancellationTokenSource();
        clock.Advance(TimeSpan.FromMinutes(10));
        var driver = LimiterClock.DriveAsync(clock, limiter, stop.Token);
        try
        {
            await host.Recorder.WaitForNotificationsAsync(accepted);
        }
        catch (TimeoutException stalled)
        {
            // A hang: say where everything stands, with the host's log, rather than only that the wait ran out.
            var permits = limiter.GetStatistics()!;
            await stop.CancelAsync();
            await driver;
            Assert.Fail(
                $"{stalled.Message} Desks {stage.Desks}, turns {stage.DescribeTurns()}, store {receiverStore.GetStatus()}, " +
                $"clock {clock.GetUtcNow():O}, permits {permits.CurrentAvailablePermits} (queued {permits.CurrentQueuedCount}), {lookAlike.Calls.Count} calls\n" +
                string.Join('\n', host.Logs.GetSnapshot().Where(r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Information).Select(r => $"{r.Timestamp:HH:mm:ss.fff} {r.Level} {r.Category}: {r.Message}")));
        }

        await stop.CancelAsync();
        await driver;

        var calls = lookAlike.Calls;
        var planned = host.Recorder.Batches.Sum(b => b.PlannedRequests);
        var parser = new NotificationParser();
        var planner = new FetchPlanner();
        var notifications = bodies.Distinct(StringComparer.Ordinal).Select(b => parser.Parse(b)).ToList();
        var oneByOne = notifications.Sum(n => planner.Plan(n).Requests.Count);
        TestContext.Out.WriteLine($"{bodies.Count} bodies, {distinct} distinct, {host.Recorder.Batches.Count} batches: {calls.Count} requests sent, {planned} planned, {oneByOne} one by one, {planner.Plan(notifications).Requests.Count} in one batch");

        // Every window closed together once the day was in: each user's day is planned as one round of its own.
        host.Recorder.Batches.Should().HaveCount(notifications.Select(n => n.UserId).Distinct().Count()).And.OnlyContain(b => b.Users == 1);
        calls.Count.Should().BeLessThanOrEqualTo(planned);
        (calls.Count * 3).Should().BeLessThanOrEqualTo(oneByOne);
        MaxInAnyMinute(calls).Should().BeLessThanOrEqualTo(PermitsPerMinute);
        EveryNotificationsDataReachedTheHandler(notifications, host.Recorder, planner);
        var store = host.App.Services.GetRequiredService<IWithingsUserContextStore>();
        foreach (var user in notifications.Where(n => n is WeightNotification).Select(n => n.UserId!.Value).Distinct())
        {
            var context = await store.GetAsync(user, CancellationToken.None);
            context.GetCursor(NotificationCategory.Weight).Should().NotBeNull();
            context.TimeZone.Should().Be(SyncLookAlike.TimeZone);
        }
    }
    // Polls a condition the engine reaches on its own threads (a hang guard of TestTimeouts.Wait).
    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    private static int MaxInAnyMinute(IReadOnlyList<WithingsRequest> calls)
    {
        var times = calls.Select(c => c.ReceivedAt).Order().ToList();
        var max = 0;
        var first = 0;
        for (var last = 0; last < times.Count; last++)
        {
            while (times[last] - times[first] >= TimeSpan.FromMinutes(1))
            {
                first++;
            }

            max = Math.Max(max, last - first + 1);
        }

        return max;
    }

    /// <summary>
    /// Each notification is in a handler call of its user, and each request it alone would need is covered by that
    /// call's successful results: same service and fields, its window inside the union of theirs.
    /// </summary>
    private static void EveryNotificationsDataReachedTheHandler(IReadOnlyList<WithingsNotification> notifications, SyncRecorder recorder, FetchPlanner planner)
    {
        var calls = recorder.Data.ToList();
        foreach (var notification in notifications.Where(n => n is not UserProfileNotification))
        {
            var key = notification.Fields.ToString();
            var data = calls.Where(d => d.Notifications.Any(n => n.Fields.ToString() == key)).ToList();
            data.Should().ContainSingle($"notification {key} is handed over once");

            // Planned alone with the context the engine had for the user: the zone unknown until a first getmeas
            // answer saved it, the look-alike's zone after. Every request of one of the two plans is covered.
            var covered = new[] { PlanningContext.Default, UserZone }.Any(context =>
                planner.Plan(notification, context).Requests.All(request => Covered(request, data[0].Results)));
            covered.Should().BeTrue($"every request of notification {key}, planned alone, is fetched");
        }
    }

    private static PlanningContext UserZone { get; } = new() { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(SyncLookAlike.TimeZone) };

    private static bool Covered(FetchRequest request, IReadOnlyList<FetchResult> results)
    {
        var window = Window(request);
        var candidates = results.Select(r => r.Request)
            .Where(r => r.Path == request.Path && r.Action == request.Action && SameOtherFields(r, request))
            .Select(Window)
            .OrderBy(w => w.Start)
            .ToList();
        var reached = window.Start;
        foreach (var (start, end) in candidates)
        {
            if (start <= reached && end > reached)
            {
                reached = end;
            }
        }

        return candidates.Count > 0 && reached >= window.End;
    }

    private static bool SameOtherFields(FetchRequest a, FetchRequest b) =>
        a.Form.Where(f => !IsWindowField(f.Key)).SequenceEqual(b.Form.Where(f => !IsWindowField(f.Key)));

    private static bool IsWindowField(string name) => name is "startdate" or "enddate" or "startdateymd" or "enddateymd" or "lastupdate";

    private static (long Start, long End) Window(FetchRequest request)
    {
        if (request.GetField("startdate") is { } start && request.GetField("enddate") is { } end)
        {
            return (long.Parse(start, CultureInfo.InvariantCulture), long.Parse(end, CultureInfo.InvariantCulture));
        }

        if (request.GetField("startdateymd") is { } first && request.GetField("enddateymd") is { } last)
        {
            return (Day(first), Day(last) + 1);
        }

        return (0, 0);
    }

    private static long Day(string ymd) => DateOnly.ParseExact(ymd, "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber;
}
