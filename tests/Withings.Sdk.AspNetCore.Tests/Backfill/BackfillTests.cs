using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Withings.Sdk.AspNetCore.Tests.Sync;
using Withings.Sdk.Testing;

namespace Withings.Sdk.AspNetCore.Tests.Backfill;

/// <summary>
/// A backfill on demand, end to end: planned with the planner's rules, each request sent once, handed to the data
/// handler, its progress reported by the listener, the metrics and the log.
/// </summary>
public sealed class BackfillTests
{
    private const long Alice = 12345;

    [Test]
    public async Task Backfill_sends_every_request_once_recent_days_first_and_reports_progress_per_request()
    {
        var now = new DateTimeOffset(2024, 3, 2, 12, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(now);
        var calls = new List<WithingsRequest>();
        await using var lookAlike = await SyncLookAlike.StartAsync();
        lookAlike.Script = call =>
        {
            lock (calls)
            {
                calls.Add(call);
            }

            return null;
        };
        await using var host = await BackfillHost.StartAsync(
            lookAlike,
            [Alice],
            services: s => s.AddSingleton<TimeProvider>(clock),
            settings: new() { ["Withings:RateLimit:PermitsPerMinute"] = "100000", ["Withings:RateLimit:Burst"] = "1000" });
        using var done = Meters.Collect<long>(host.App.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "withings.backfill.done");
        using var remaining = Meters.Collect<int>(host.App.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "withings.backfill.remaining");
        var since = now.AddDays(-3);

        var started = await host.Backfill.BackfillAsync(Alice, since);
        await host.Events.WaitForFinishedAsync(1);

        started.Should().Be(new WithingsBackfillProgress(Alice, since, now, 0, 10, 0));
        List<WithingsRequest> sent;
        lock (calls)
        {
            sent = [.. calls];
        }

        sent.Should().OnlyContain(c => c.BearerToken == "access-" + Alice);
        var (s, e) = (since.ToUnixTimeSeconds(), now.ToUnixTimeSeconds());
        sent.Take(4).Select(c => (c.Path, c.Action)).Should().Equal(
            ("/measure", "getmeas"), ("/v2/measure", "getactivity"), ("/v2/measure", "getworkouts"), ("/v2/sleep", "getsummary"));
        sent[0].Field("startdate").Should().Be(s.ToString(CultureInfo.InvariantCulture));
        sent[0].Field("enddate").Should().Be(e.ToString(CultureInfo.InvariantCulture));

        // The 24-hour services: one request per day of the window, the newest day first, no gap and no overlap.
        foreach (var (path, action) in new[] { ("/v2/measure", "getintradayactivity"), ("/v2/sleep", "get") })
        {
            var windows = sent.Where(c => c.Path == path && c.Action == action)
                .Select(c => (Start: long.Parse(c.Field("startdate")!, CultureInfo.InvariantCulture), End: long.Parse(c.Field("enddate")!, CultureInfo.InvariantCulture)))
                .ToList();
            windows.Should().HaveCount(3);
            windows.Select(w => w.Start).Should().BeInDescendingOrder();
            windows[0].End.Should().Be(e);
            windows[^1].Start.Should().Be(s);
            windows.Zip(windows.Skip(1)).Should().OnlyContain(p => p.Second.End == p.First.Start);
            windows.Should().OnlyContain(w => w.End - w.Start <= 86_400);
        }

        sent.Skip(4).Select(c => long.Parse(c.Field("startdate")!, CultureInfo.InvariantCulture)).Should().BeInDescendingOrder("recent days come first");

        // Each request's whole result went to the data handler, as live data does, with no notification.
        host.Recorder.Data.Should().HaveCount(10).And.OnlyContain(d => d.UserId == Alice && d.Notifications.Count == 0 && d.Plan.Requests.Count == 1 && d.Results.Count == 1 && d.Failures.Count == 0);
        host.Recorder.Data.SelectMany(d => d.Results).SelectMany(r => r.GetRecords<MeasureGroup>()).Should().ContainSingle();

        host.Events.Progress.Select(p => (p.Done, p.Remaining)).Should().Equal(Enumerable.Range(1, 10).Select(n => (n, 10 - n)));
        host.Events.Finished.Should().ContainSingle().Which.Should().Be(started with { Done = 10, Remaining = 0 });
        (await host.Backfill.GetProgressAsync(Alice))!.IsFinished.Should().BeTrue();
        Meters.Sum(done).Should().Be(10);
        remaining.RecordObservableInstruments();
        remaining.LastMeasurement!.Value.Should().Be(0);
        host.Logs.GetSnapshot().Should().ContainSingle(l => l.Id.Id == 1601).Which.Message.Should().Contain("12345").And.Contain("10 requests, 0 failed");
    }

    [Test]
    public async Task Backfill_asked_again_while_one_runs_keeps_the_running_one_and_a_refused_token_ends_it_as_failed()
    {
        var now = new DateTimeOffset(2024, 3, 2, 12, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(now);
        using var release = new ManualResetEventSlim();
        var firstArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var lookAlike = await SyncLookAlike.StartAsync();
        lookAlike.Script = call =>
        {
            firstArrived.TrySetResult();
            release.Wait(TestTimeouts.Wait);
            return null;
        };

        // Withings refuses the user's token (status 401, invalid token), as after they revoked access.
        lookAlike.Fail = call => call.Action == "getactivity" ? 401 : null;
        try
        {
            await using var host = await BackfillHost.StartAsync(
                lookAlike,
                [Alice],
                services: s => s.AddSingleton<TimeProvider>(clock),
                settings: new() { ["Withings:RateLimit:PermitsPerMinute"] = "100000", ["Withings:RateLimit:Burst"] = "1000" });

            var first = await host.Backfill.BackfillAsync(Alice, now.AddDays(-3));
            await firstArrived.Task.WaitAsync(TestTimeouts.Wait);
            var again = await host.Backfill.BackfillAsync(Alice, now.AddDays(-30));
            release.Set();
            await host.Events.WaitForFinishedAsync(1);

            again.Should().Be(first, "a user has one backfill at a time");
            var finished = host.Events.Finished.Should().ContainSingle().Subject;
            finished.Should().Be(first with { Done = 10, Remaining = 0, Failed = 9 }, "getmeas went through; getactivity was refused, and the 8 after it were not sent");
            lookAlike.Calls.Select(c => c.Action).Should().Equal(["getmeas", "getactivity"], "nothing after the refusal spends a permit");
            host.Recorder.Data.Should().HaveCount(2);
            host.Recorder.Data.Last().Failures.Should().ContainSingle().Which.Request.Action.Should().Be("getactivity");
            host.Logs.GetSnapshot().Should().Contain(l => l.Id.Id == 1603);
        }
        finally
        {
            release.Set();
        }
    }
}
