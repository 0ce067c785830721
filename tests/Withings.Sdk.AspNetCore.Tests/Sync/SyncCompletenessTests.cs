using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Withings.Sdk.AspNetCore.Tests.Docs;
using Withings.Sdk.Testing;

namespace Withings.Sdk.AspNetCore.Tests.Sync;

/// <summary>
/// What the sync engine adds to a notification's plan so that nothing the user recorded is missed: it reads every
/// page (in later turns), sets cursors from Withings' clock, and learns a new user's zone before fetching their day.
/// </summary>
public sealed class SyncCompletenessTests
{
    private const long Alice = 12345;
    private const string DeviceId = "892359876fd8805ac45bab078c4828692f0276b1";

    [Test]
    public async Task Five_pages_with_a_cap_of_two_are_read_to_the_end_in_later_turns_and_the_cursor_moves_once()
    {
        var store = new RecordingContextStore();
        using var lastPage = new ManualResetEventSlim();
        var lastPageAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var lookAlike = await SyncLookAlike.StartAsync();
        lookAlike.Script = call =>
        {
            if (call.Action != "getmeas")
            {
                return null;
            }

            var page = call.Field("offset") is { } offset ? int.Parse(offset, CultureInfo.InvariantCulture) / 10 : 0;
            if (page == 4)
            {
                // Held until the test has looked at what the engine did with the first four pages.
                lastPageAsked.TrySetResult();
                lastPage.Wait(TestTimeouts.Wait);
            }

            return MeasurePage(group: 100 + page, modified: 1709340000 + page, more: page < 4, nextOffset: (page + 1) * 10);
        };
        await using var host = await SyncHost.StartAsync(
            lookAlike,
            [Alice],
            services: s => s.AddSingleton<IWithingsUserContextStore>(store),
            settings: new() { ["Withings:Fetch:MaxPages"] = "2" });

        await host.PostAsync($"userid={Alice}&appli=58");
        await lastPageAsked.Task.WaitAsync(TestTimeouts.Wait);
        var handedOverBefore = host.Recorder.Data.Count;
        var advancedBefore = store.Advances.Count;
        var storedBefore = host.App.Services.GetRequiredService<IWithingsReceiverStore>().GetStatus().Held;
        lastPage.Set();

        // The listener hears of a turn once its parts are settled (handled, cursors moved).
        await host.Recorder.WaitForBatchesAsync(3);

        handedOverBefore.Should().Be(0, "four pages of five are not the data");
        advancedBefore.Should().Be(0, "the cursor waits for the last page");
        storedBefore.Should().Be(1, "the notification is not done: a crash now fetches it again");
        lookAlike.Calls.Select(c => c.Field("offset")).Should().Equal(null, "10", "20", "30", "40");
        var result = host.Recorder.Data.Should().ContainSingle().Subject.Results.Should().ContainSingle().Subject;
        (result.Pages, result.Rows, result.IsComplete).Should().Be((5, 5, true));
        result.GetRecords<MeasureGroup>().Select(g => g.GroupId).Should().Equal(100, 101, 102, 103, 104);
        store.Advances.Should().Equal((Alice, NotificationCategory.Glucose, DateTimeOffset.FromUnixTimeSeconds(1709340004)));
        host.Recorder.Batches.Select(b => b.SentRequests).Should().Equal([1, 1, 1], "one request, read on in two later turns");
        host.Recorder.Notifications.Should().Be(1);
    }

    [Test]
    public async Task Cursor_is_the_latest_modified_on_Withings_clock_two_hours_behind_this_host()
    {
        // Withings' clock, two hours behind this host's: its rows are modified "in the past" for this host.
        var withingsNow = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds();
        await using var lookAlike = await SyncLookAlike.StartAsync();
        lookAlike.Script = call => call.Action == "getmeas"
            ? WithingsReply.Json(string.Create(CultureInfo.InvariantCulture, $$$"""{"status":0,"body":{"updatetime":{{{withingsNow}}},"timezone":"Europe/Paris","measuregrps":[{"grpid":7,"attrib":0,"date":{{{withingsNow - 600}}},"created":{{{withingsNow - 60}}},"modified":{{{withingsNow - 60}}},"category":1,"deviceid":"{{{DeviceId}}}","modelid":13,"measures":[{"value":1020,"type":1,"unit":-1}]}],"more":0,"offset":0}}"""))
            : null;
        await using var host = await SyncHost.StartAsync(lookAlike, [Alice]);

        await host.PostAsync($"userid={Alice}&appli=58");
        await host.Recorder.WaitForNotificationsAsync(1);
        var cursor = (await host.App.Services.GetRequiredService<IWithingsUserContextStore>().GetAsync(Alice, CancellationToken.None)).GetCursor(NotificationCategory.Glucose);
        await host.PostAsync($"userid={Alice}&appli=58");
        await host.Recorder.WaitForNotificationsAsync(2);

        cursor.Should().Be(DateTimeOffset.FromUnixTimeSeconds(withingsNow - 60), "the row's modified on Withings' clock, not this host's");
        lookAlike.Calls.Should().HaveCount(2);
        lookAlike.Calls[1].Form["lastupdate"].Should().Be((withingsNow - 60).ToString(CultureInfo.InvariantCulture));
    }

    [Test]
    public async Task New_Tokyo_user_activity_day_learns_the_zone_first_and_fetches_the_day_in_Tokyo()
    {
        await using var lookAlike = await SyncLookAlike.StartAsync();
        lookAlike.Script = call => call.Action == "getactivity"
            ? WithingsReply.Json($$$"""{"status":0,"body":{"activities":[{"date":"2024-03-01","timezone":"Asia/Tokyo","deviceid":"{{{DeviceId}}}","hash_deviceid":"{{{DeviceId}}}","brand":18,"is_tracker":true,"modified":1709290000,"model":"ScanWatch","modelid":93,"steps":6200}],"more":false,"offset":0}}""")
            : null;
        await using var host = await SyncHost.StartAsync(lookAlike, [Alice]);

        await host.PostAsync($"userid={Alice}&appli=16&date=2024-03-01");
        await host.Recorder.WaitForDataAsync(1);

        // 2024-03-01 in Tokyo (UTC+9) is 2024-02-29T15:00Z to 2024-03-01T15:00Z.
        var calls = lookAlike.Calls.Select(c => c.Action).ToList();
        calls.IndexOf("getactivity").Should().BeLessThan(calls.IndexOf("getintradayactivity"), "the zone comes with the day's activity");
        var intraday = lookAlike.Calls.Where(c => c.Action == "getintradayactivity").Should().ContainSingle().Subject;
        (intraday.Form["startdate"], intraday.Form["enddate"]).Should().Be(("1709218800", "1709305200"));
        (await host.App.Services.GetRequiredService<IWithingsUserContextStore>().GetAsync(Alice, CancellationToken.None)).TimeZone.Should().Be("Asia/Tokyo");
        host.Recorder.Data.Single().Plan.Requests.Select(r => r.Action).Should().BeEquivalentTo(["getactivity", "getworkouts", "getintradayactivity"]);
    }

    [Test]
    public async Task New_user_whose_zone_no_answer_carries_gets_the_day_in_every_zone_never_the_bare_UTC_day()
    {
        // The day's activity and workouts come back empty: nothing says where the user lives.
        await using var lookAlike = await SyncLookAlike.StartAsync();
        await using var host = await SyncHost.StartAsync(lookAlike, [Alice]);

        await host.PostAsync($"userid={Alice}&appli=16&date=2024-03-01");
        await host.Recorder.WaitForDataAsync(1);

        // 2024-03-01 starts at 2024-02-29T10:00Z in UTC+14 and ends at 2024-03-02T12:00Z in UTC−12.
        var windows = lookAlike.Calls.Where(c => c.Action == "getintradayactivity")
            .Select(c => (Start: long.Parse(c.Form["startdate"], CultureInfo.InvariantCulture), End: long.Parse(c.Form["enddate"], CultureInfo.InvariantCulture)))
            .OrderBy(w => w.Start)
            .ToList();
        windows.Should().NotBeEmpty();
        windows[0].Start.Should().BeLessThanOrEqualTo(1709200800);
        windows[^1].End.Should().BeGreaterThanOrEqualTo(1709380800);
        windows.Zip(windows.Skip(1)).Should().OnlyContain(pair => pair.Second.Start <= pair.First.End, "no gap between the windows");
        windows.Should().OnlyContain(w => w.End - w.Start <= 86_400, "Withings returns only the first 24 h of a longer window");
    }

    [Test]
    public async Task Re_notified_window_that_lost_a_group_is_pruned_by_the_docs_recipe()
    {
        const long start = 1709251200;
        await using var lookAlike = await SyncLookAlike.StartAsync();
        var sent = 0;
        lookAlike.Script = call =>
        {
            if (call.Action != "getmeas")
            {
                return null;
            }

            // The user weighed in twice that morning, then deleted the wrong weigh-in: Withings notifies again.
            var groups = Interlocked.Increment(ref sent) == 1 ? new[] { (1L, start + 600), (2L, start + 900) } : [(1L, start + 600)];
            var rows = string.Join(',', groups.Select(g => string.Create(CultureInfo.InvariantCulture, $$"""{"grpid":{{g.Item1}},"attrib":0,"date":{{g.Item2}},"created":{{g.Item2}},"modified":{{start + 3000}},"category":1,"deviceid":"{{DeviceId}}","modelid":13,"measures":[{"value":{{7200 + g.Item1}},"type":1,"unit":-2}]}""")));
            return WithingsReply.Json(string.Create(CultureInfo.InvariantCulture, $$$"""{"status":0,"body":{"updatetime":{{{start + 3600}}},"timezone":"Europe/Paris","measuregrps":[{{{rows}}}],"more":0,"offset":0}}"""));
        };
        // Every measure type, no meastypes filter: the default Withings' scales need (an empty list asks for it).
        await using var host = await SyncHost.StartAsync(lookAlike, [Alice], settings: new() { ["Withings:Planning:WeightMeasTypes"] = string.Empty });
        var store = new MeasureGroupStore();
        var handler = new SaveMeasureGroups(store);

        await host.PostAsync($"userid={Alice}&appli=1&startdate={start}&enddate={start + 1800}");
        await host.Recorder.WaitForDataAsync(1);
        await handler.HandleAsync(host.Recorder.Data.Single(), CancellationToken.None);
        var before = store.GroupsOf(Alice).Select(g => g.GroupId).ToList();
        await host.PostAsync($"userid={Alice}&appli=1&startdate={start}&enddate={start + 3600}");
        await host.Recorder.WaitForDataAsync(2);
        await handler.HandleAsync(host.Recorder.Data.Last(), CancellationToken.None);

        before.Should().Equal(1, 2);
        store.GroupsOf(Alice).Select(g => g.GroupId).Should().Equal([1L], "the deleted weigh-in is gone downstream too");
    }

    private static WithingsReply MeasurePage(int group, long modified, bool more, int nextOffset) =>
        WithingsReply.Json(string.Create(
            CultureInfo.InvariantCulture,
            $$$"""{"status":0,"body":{"updatetime":1709344000,"timezone":"Europe/Paris","measuregrps":[{"grpid":{{{group}}},"attrib":0,"date":{{{1709251200 + group}}},"created":{{{modified}}},"modified":{{{modified}}},"category":1,"deviceid":"{{{DeviceId}}}","modelid":13,"measures":[{"value":1020,"type":1,"unit":-1}]}],"more":{{{(more ? 1 : 0)}}},"offset":{{{nextOffset}}}}}"""));

    /// <summary>The in-memory store, recording every cursor it was asked to move.</summary>
    private sealed class RecordingContextStore : IWithingsUserContextStore
    {
        private readonly InMemoryUserContextStore _inner = new();

        public ConcurrentQueue<(long UserId, NotificationCategory Category, DateTimeOffset At)> Advances { get; } = new();

        public ValueTask<WithingsUserContext> GetAsync(long userId, CancellationToken cancellationToken) => _inner.GetAsync(userId, cancellationToken);

        public ValueTask SaveTimeZoneAsync(long userId, string timeZone, CancellationToken cancellationToken) => _inner.SaveTimeZoneAsync(userId, timeZone, cancellationToken);

        public ValueTask AdvanceCursorAsync(long userId, NotificationCategory category, DateTimeOffset syncedUpTo, CancellationToken cancellationToken)
        {
            Advances.Enqueue((userId, category, syncedUpTo));
            return _inner.AdvanceCursorAsync(userId, category, syncedUpTo, cancellationToken);
        }

        public ValueTask ForgetAsync(long userId, CancellationToken cancellationToken) => _inner.ForgetAsync(userId, cancellationToken);
    }
}
