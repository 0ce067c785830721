using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Withings.Sdk.Testing;

namespace Withings.Sdk.AspNetCore.Tests.Sync;

/// <summary>
/// Fairness of the sync engine under the rate limit: users take turns, one request each, so that one user with many
/// notifications does not hold back many users with one. The limiter runs on a fake clock that moves only once the
/// burst is spent, and one request is out at a time, so that the order the look-alike sees is the order of the turns.
/// </summary>
public sealed class SyncFairnessTests
{
    private const long Heavy = 5_000;
    private const int LightUsers = 99;
    private static readonly DateTimeOffset Day = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Heavy_user_first_in_line_does_not_send_its_second_request_before_99_light_users_had_theirs()
    {
        // The heavy user's 40 notifications, posted first: weigh-ins and nights over 20 days, which no plan fits
        // in one request (each night is a request of its own).
        var heavy = Enumerable.Range(0, 20).SelectMany(d => new[]
        {
            WithingsNotificationBody.Weight(Heavy, Day.AddDays(d).AddHours(7), Day.AddDays(d).AddHours(7).AddMinutes(1)),
            WithingsNotificationBody.Sleep(Heavy, Day.AddDays(d).AddHours(-2), Day.AddDays(d).AddHours(6)),
        }).ToList();
        var light = Enumerable.Range(1, LightUsers).Select(u => WithingsNotificationBody.Weight(u, Day.AddHours(8), Day.AddHours(8).AddMinutes(1))).ToList();
        var clock = new FakeTimeProvider(Day.AddDays(30));
        using var limiter = new WithingsRateLimiter(new WithingsRateLimitOptions { PermitsPerMinute = 120 }, clock);
        await using var lookAlike = await SyncLookAlike.StartAsync(clock);
        await using var host = await SyncHost.StartAsync(
            lookAlike,
            [Heavy, .. Enumerable.Range(1, LightUsers).Select(u => (long)u)],
            o =>
            {
                // One batch holding every notification, and one request out at a time.
                o.BatchWindow = TimeSpan.FromMinutes(10);
                o.MaxBatch = heavy.Count + light.Count;
                o.UserConcurrency = 1;
            },
            s => s.AddKeyedSingleton<RateLimiter>(WithingsRateLimiter.ServiceKey, limiter));
        using var stop = new CancellationTokenSource();
        var driver = LimiterClock.DriveAsync(clock, limiter, stop.Token);

        foreach (var body in heavy.Concat(light))
        {
            await host.PostAsync(body);
        }

        await host.Recorder.WaitForNotificationsAsync(heavy.Count + light.Count);
        await stop.CancelAsync();
        await driver;

        var users = lookAlike.Calls.Select(c => c.BearerToken).ToList();
        var heavyCalls = users.Select((token, i) => (token, i)).Where(c => c.token == "access-" + Heavy).Select(c => c.i).ToList();
        var lightCalls = users.Select((token, i) => (token, i)).Where(c => c.token != "access-" + Heavy).Select(c => c.i).ToList();
        heavyCalls.Should().HaveCountGreaterThan(2, "the heavy user's notifications need several requests");
        lightCalls.Should().HaveCount(LightUsers);
        heavyCalls[0].Should().Be(0, "the heavy user was first in line");
        heavyCalls[1].Should().BeGreaterThan(lightCalls.Max(), "every light user has had a turn before the heavy user's second");
    }
}
