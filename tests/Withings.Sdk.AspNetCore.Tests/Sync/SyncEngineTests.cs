using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk.AspNetCore.Tests.Sync;

public sealed class SyncEngineTests
{
    private const long Alice = 12345;
    private const long Bob = 67890;

    [Test]
    public async Task Weight_notification_reaches_the_handler_typed_and_saves_zone_and_cursor()
    {
        await using var lookAlike = await SyncLookAlike.StartAsync();
        await using var host = await SyncHost.StartAsync(lookAlike, [Alice]);

        await host.PostAsync(Payloads.SeedExample);
        await host.Recorder.WaitForNotificationsAsync(1);

        var data = host.Recorder.Data.Should().ContainSingle().Subject;
        data.UserId.Should().Be(Alice);
        data.Notifications.Should().ContainSingle().Which.Should().BeOfType<WeightNotification>();
        data.Failures.Should().BeEmpty();
        var result = data.Results.Should().ContainSingle().Subject;
        result.GetRecords<MeasureGroup>().Should().ContainSingle().Which.Measures.Should().ContainSingle(m => m.Type == MeasureType.Weight);
        lookAlike.Calls.Should().ContainSingle().Which.BearerToken.Should().Be("access-" + Alice);

        var context = await host.App.Services.GetRequiredService<IWithingsUserContextStore>().GetAsync(Alice, CancellationToken.None);
        context.TimeZone.Should().Be(SyncLookAlike.TimeZone);

        // Withings' clock: the group's modified (the look-alike stamps it at the window's start), not this host's.
        context.GetCursor(NotificationCategory.Weight).Should().Be(DateTimeOffset.FromUnixTimeSeconds(1530576000));
        context.GetCursor(NotificationCategory.Sleep).Should().BeNull();
    }

    [Test]
    public async Task Cursor_of_a_category_is_the_next_lastupdate_of_that_category()
    {
        await using var lookAlike = await SyncLookAlike.StartAsync();
        await using var host = await SyncHost.StartAsync(lookAlike, [Alice]);

        // Glucose (58) without a window asks for what changed since the cursor: none at first, then the first sync's (a lone startdate is no window).
        await host.PostAsync($"userid={Alice}&appli=58");
        await host.Recorder.WaitForNotificationsAsync(1);
        var cursor = (await host.App.Services.GetRequiredService<IWithingsUserContextStore>().GetAsync(Alice, CancellationToken.None))
            .GetCursor(NotificationCategory.Glucose);
        cursor.Should().NotBeNull();
        await host.PostAsync($"userid={Alice}&appli=58&startdate=1709366400");
        await host.Recorder.WaitForNotificationsAsync(2);

        lookAlike.Calls.Should().HaveCount(2);
        lookAlike.Calls[1].Form["lastupdate"].Should().Be(cursor!.Value.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Test]
    public async Task Permanent_failure_dead_letters_that_users_notification_and_keeps_its_cursor()
    {
        var deadLetters = new RecordingDeadLetterSink();
        await using var lookAlike = await SyncLookAlike.StartAsync();
        lookAlike.Fail = call => call.BearerToken == "access-" + Bob ? 503 : null;
        await using var host = await SyncHost.StartAsync(lookAlike, [Alice, Bob], services: s => s.AddSingleton(deadLetters));

        await host.PostAsync(Payloads.Weight(Alice, 1709366400));
        await host.PostAsync(Payloads.Weight(Bob, 1709366400));
        await host.Recorder.WaitForNotificationsAsync(2);

        var deadLetter = await deadLetters.NextAsync();
        deadLetter.Reason.Should().Be(WithingsDeadLetterReason.FetchFailed);
        deadLetter.Notification!.UserId.Should().Be(Bob);
        host.Logs.GetSnapshot().Should().ContainSingle(r => r.Category == "Withings.Sdk.AspNetCore.DeadLetterWriter").Which.Exception.Should().BeOfType<WithingsApiException>().Which.Status.Should().Be(503);
        deadLetters.TryNext(out _).Should().BeFalse();
        host.Recorder.Data.Should().Contain(d => d.UserId == Bob && d.Failures.Count == 1 && d.Results.Count == 0);
        host.Recorder.Data.Should().Contain(d => d.UserId == Alice && d.Results.Count == 1);
        var store = host.App.Services.GetRequiredService<IWithingsUserContextStore>();
        (await store.GetAsync(Bob, CancellationToken.None)).GetCursor(NotificationCategory.Weight).Should().BeNull();
        (await store.GetAsync(Alice, CancellationToken.None)).GetCursor(NotificationCategory.Weight).Should().NotBeNull();
    }

    [Test]
    public async Task Handler_exception_retries_that_user_only_without_fetching_again()
    {
        await using var lookAlike = await SyncLookAlike.StartAsync();
        await using var host = await SyncHost.StartAsync(lookAlike, [Alice, Bob]);
        host.Recorder.ThrowFor = (user, attempt) => user == Alice && attempt == 1;

        await host.PostAsync(Payloads.Weight(Alice, 1709366400));
        await host.PostAsync(Payloads.Weight(Bob, 1709366400));
        await host.Recorder.WaitForNotificationsAsync(2);

        host.Recorder.Attempts[Alice].Should().Be(2);
        host.Recorder.Attempts[Bob].Should().Be(1);
        host.Recorder.Data.Select(d => d.UserId).Should().BeEquivalentTo(new long?[] { Alice, Bob });
        lookAlike.Calls.Should().HaveCount(2, "a handler retry hands over the same data, it does not fetch again");
        var store = host.App.Services.GetRequiredService<IWithingsUserContextStore>();
        (await store.GetAsync(Alice, CancellationToken.None)).GetCursor(NotificationCategory.Weight).Should().NotBeNull();
    }

    [Test]
    public async Task Slow_handler_of_one_user_does_not_hold_back_another()
    {
        await using var lookAlike = await SyncLookAlike.StartAsync();
        // One batch of exactly these two, however long the posts take: it closes when full, not when a window ends.
        await using var host = await SyncHost.StartAsync(lookAlike, [Alice, Bob], o =>
        {
            o.MaxBatch = 2;
            o.BatchWindow = TimeSpan.FromMinutes(10);
        });
        var bobHandled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Alice's handler finishes only once Bob's was called: one user at a time would never get there.
        host.Recorder.Before = user => user == Alice ? bobHandled.Task.WaitAsync(TestTimeouts.Wait) : Task.Run(bobHandled.SetResult);

        await host.PostAsync(Payloads.Weight(Alice, 1709366400));
        await host.PostAsync(Payloads.Weight(Bob, 1709366400));
        await host.Recorder.WaitForNotificationsAsync(2);

        host.Recorder.Data.Select(d => d.UserId).Should().BeEquivalentTo(new long?[] { Alice, Bob });
    }

    [Test]
    public async Task Handler_failing_on_every_attempt_dead_letters_and_leaves_the_cursor()
    {
        var deadLetters = new RecordingDeadLetterSink();
        await using var lookAlike = await SyncLookAlike.StartAsync();
        await using var host = await SyncHost.StartAsync(lookAlike, [Alice], o => o.Retry.MaxAttempts = 2, s => s.AddSingleton(deadLetters));
        host.Recorder.ThrowFor = (_, _) => true;

        await host.PostAsync(Payloads.Weight(Alice, 1709366400));
        await host.Recorder.WaitForNotificationsAsync(1);

        var deadLetter = await deadLetters.NextAsync();
        deadLetter.Reason.Should().Be(WithingsDeadLetterReason.HandlerFailed);
        deadLetter.Attempts.Should().Be(2);
        var store = host.App.Services.GetRequiredService<IWithingsUserContextStore>();
        (await store.GetAsync(Alice, CancellationToken.None)).GetCursor(NotificationCategory.Weight).Should().BeNull();
    }

    [Test]
    public async Task Unlink_goes_to_the_profile_callback_and_forgets_cursors_and_tokens()
    {
        await using var lookAlike = await SyncLookAlike.StartAsync();
        await using var host = await SyncHost.StartAsync(lookAlike, [Alice, Bob]);
        await host.PostAsync(Payloads.Weight(Alice, 1709366400));
        await host.Recorder.WaitForNotificationsAsync(1);

        await host.PostAsync($"userid={Alice}&appli=46&action=unlink");
        await host.PostAsync($"userid={Bob}&appli=46&action=update");
        await host.Recorder.WaitForNotificationsAsync(3);

        host.Recorder.Profiles.Select(p => p.Action?.Kind).Should().BeEquivalentTo(new[] { UserProfileActionKind.Unlink, UserProfileActionKind.Update });
        var context = await host.App.Services.GetRequiredService<IWithingsUserContextStore>().GetAsync(Alice, CancellationToken.None);
        context.TimeZone.Should().BeNull();
        context.Cursors.Should().BeEmpty();
        var tokens = host.App.Services.GetRequiredService<IWithingsTokenStore>();
        (await tokens.GetAsync(Alice, CancellationToken.None)).Should().BeNull();
        (await tokens.GetAsync(Bob, CancellationToken.None)).Should().NotBeNull("update forgets nothing");
        lookAlike.Calls.Should().HaveCount(1, "a profile action fetches nothing");
    }

    [Test]
    public async Task Unparseable_body_is_dead_lettered_and_the_batch_goes_on()
    {
        var deadLetters = new RecordingDeadLetterSink();
        await using var lookAlike = await SyncLookAlike.StartAsync();
        await using var host = await SyncHost.StartAsync(lookAlike, [Alice], services: s => s.AddSingleton(deadLetters));

        await host.PostAsync(Payloads.Garbage);
        await host.PostAsync(Payloads.Weight(Alice, 1709366400));
        await host.Recorder.WaitForNotificationsAsync(2);

        (await deadLetters.NextAsync()).Reason.Should().Be(WithingsDeadLetterReason.Unparseable);
        host.Recorder.Data.Should().ContainSingle(d => d.UserId == Alice);
    }
}
