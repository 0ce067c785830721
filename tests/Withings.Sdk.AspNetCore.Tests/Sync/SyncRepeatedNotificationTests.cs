namespace Withings.Sdk.AspNetCore.Tests.Sync;

/// <summary>
/// The sync engine takes a window-less body, or a repeated <c>appli=16&amp;date=D</c>, posted after the first was
/// taken for fetching, as new data and fetches again; a windowed retry is still absorbed.
/// </summary>
public sealed class SyncRepeatedNotificationTests
{
    private const long Alice = 12345;
    private const long Bob = 67890;

    [Test]
    public async Task Glucose_without_a_window_posted_three_times_after_handling_is_fetched_three_times()
    {
        await using var lookAlike = await SyncLookAlike.StartAsync();
        await using var host = await SyncHost.StartAsync(lookAlike, [5]);

        for (var i = 1; i <= 3; i++)
        {
            await host.PostAsync("userid=5&appli=58");
            await host.Recorder.WaitForNotificationsAsync(i);
        }

        lookAlike.Calls.Should().HaveCount(3).And.OnlyContain(c => c.Action == "getmeas" && c.Form.ContainsKey("lastupdate"));
        host.Recorder.Data.Should().HaveCount(3).And.OnlyContain(d => d.Notifications.Count == 1 && d.Notifications[0] is GlucoseNotification);
    }

    [Test]
    public async Task Activity_date_posted_again_after_it_was_handled_is_fetched_again()
    {
        await using var lookAlike = await SyncLookAlike.StartAsync();
        await using var host = await SyncHost.StartAsync(lookAlike, [Alice]);

        await host.PostAsync($"userid={Alice}&appli=16&date=2024-03-02");
        await host.Recorder.WaitForNotificationsAsync(1);
        var firstSync = lookAlike.Calls.Count(c => c.Action == "getactivity");
        await host.PostAsync($"userid={Alice}&appli=16&date=2024-03-02");
        await host.Recorder.WaitForNotificationsAsync(2);

        firstSync.Should().Be(1);
        lookAlike.Calls.Where(c => c.Action == "getactivity").Should().HaveCount(2)
            .And.OnlyContain(c => c.Form["startdateymd"] == "2024-03-02" && c.Form["enddateymd"] == "2024-03-02");
    }

    [Test]
    public async Task Windowed_retry_after_handling_is_still_absorbed()
    {
        await using var lookAlike = await SyncLookAlike.StartAsync();
        await using var host = await SyncHost.StartAsync(lookAlike, [Alice, Bob]);

        await host.PostAsync(Payloads.Weight(Alice, 1709366400));
        await host.Recorder.WaitForNotificationsAsync(1);
        await host.PostAsync(Payloads.Weight(Alice, 1709366400));
        await host.PostAsync(Payloads.Weight(Bob, 1709366400));
        await host.Recorder.WaitForNotificationsAsync(2);

        host.Recorder.Data.Select(d => d.UserId).Should().Equal(Alice, Bob);
        lookAlike.Calls.Should().HaveCount(2);
    }
}
