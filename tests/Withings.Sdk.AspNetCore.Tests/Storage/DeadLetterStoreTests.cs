using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>Dead letters are kept in the durable store, listed, replayed into the queue and purged.</summary>
public sealed class DeadLetterStoreTests
{
    [Test]
    public async Task HandlerFailedOnEveryAttempt_IsStoredWithReasonAttemptsAndError_AndReplayHandlesIt()
    {
        var failing = true;
        var handler = new RecordingHandler
        {
            Before = (_, _) => Volatile.Read(ref failing) ? throw new InvalidOperationException("the user's store is down") : Task.CompletedTask,
        };
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(handler), o => o.Retry.MaxAttempts = 2);
        var store = host.Services.GetRequiredService<IWithingsDeadLetterStore>();

        using var response = await host.PostAsync(Payloads.CapturedSleep);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var stored = await WaitForDeadLettersAsync(store, 1);

        stored.Should().ContainSingle();
        var deadLetter = stored[0];
        deadLetter.Reason.Should().Be(WithingsDeadLetterReason.HandlerFailed);
        deadLetter.Attempts.Should().Be(2);
        deadLetter.Error.Should().Be("the user's store is down");
        deadLetter.Body.Should().Contain("userid=13371337");

        Volatile.Write(ref failing, false);
        (await store.ReplayAsync(deadLetter.Id, CancellationToken.None)).Should().Be(1);

        (await handler.NextAsync()).Notification.UserId.Should().Be(13371337);
        (await store.ListAsync(CancellationToken.None)).Should().BeEmpty();
    }

    [Test]
    public async Task Unparseable_IsStoredAndSurvivesRestart_ThenPurgedByIdLeavingTheOthers()
    {
        var path = TestStore.NewPath();
        try
        {
            await using (var first = await ReceiverHost.StartAsync(r => r.RecordInto(new RecordingHandler()), o => o.StorePath = path))
            {
                using var garbage = await first.PostAsync(Payloads.Garbage);
                using var other = await first.PostAsync("appli=one");
                garbage.StatusCode.Should().Be(HttpStatusCode.OK);
                other.StatusCode.Should().Be(HttpStatusCode.OK);
                await WaitForDeadLettersAsync(first.Services.GetRequiredService<IWithingsDeadLetterStore>(), 2);
            }

            await using var second = await ReceiverHost.StartAsync(r => r.RecordInto(new RecordingHandler()), o => o.StorePath = path);
            var store = second.Services.GetRequiredService<IWithingsDeadLetterStore>();
            var stored = await store.ListAsync(CancellationToken.None);

            // Dead-lettered by handlers running side by side: listed in the order they were stored, whichever that was.
            stored.Select(d => d.Body).Should().BeEquivalentTo([Payloads.Garbage, "appli=one"]);
            stored.Select(d => d.Id).Should().BeInAscendingOrder();
            stored.Should().OnlyContain(d => d.Reason == WithingsDeadLetterReason.Unparseable && d.Attempts == 0);
            var garbageLetter = stored.Single(d => d.Body == Payloads.Garbage);
            var otherLetter = stored.Single(d => d.Body == "appli=one");
            (await store.PurgeAsync(garbageLetter.Id, CancellationToken.None)).Should().Be(1);
            (await store.PurgeAsync(garbageLetter.Id, CancellationToken.None)).Should().Be(0);
            (await store.ListAsync(CancellationToken.None)).Select(d => d.Id).Should().Equal(otherLetter.Id);
            (await store.PurgeAsync(null, CancellationToken.None)).Should().Be(1);
            (await store.ListAsync(CancellationToken.None)).Should().BeEmpty();
        }
        finally
        {
            TestStore.Delete(path);
        }
    }

    [Test]
    public async Task DeadLetterStore_WithInMemoryQueue_KeepsThemInMemory_ListReplayPurge()
    {
        var recorder = new RecordingDeadLetterSink();
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(new RecordingHandler(), recorder).UseInMemoryQueue());
        var deadLetters = host.Services.GetRequiredService<IWithingsDeadLetterStore>();
        (await host.PostAsync("userid=1&appli=garbage")).Dispose();
        await recorder.NextAsync();

        var letter = (await deadLetters.ListAsync(default)).Single();
        letter.Reason.Should().Be(WithingsDeadLetterReason.Unparseable);
        letter.Body.Should().Be("userid=1&appli=garbage");
        (await deadLetters.PurgeAsync(letter.Id, default)).Should().Be(1);
        (await deadLetters.ListAsync(default)).Should().BeEmpty();
        File.Exists(host.StorePath).Should().BeFalse("the in-memory store keeps them without a file");
    }

    [Test]
    public async Task HealthCheck_ReportsTheStoreAndDepth_AndDegradesWhenTheQueueIsNearlyFull()
    {
        var gate = new Gate();
        var handler = new RecordingHandler { Before = (_, ct) => gate.PassAsync(ct) };
        await using var host = await ReceiverHost.StartAsync(
            r => r.RecordInto(handler),
            o =>
            {
                o.HandlerConcurrency = 1;
                o.QueueCapacity = 5;
            },
            s => s.AddHealthChecks().AddWithingsReceiver());
        var health = host.Services.GetRequiredService<HealthCheckService>();

        var idle = (await health.CheckHealthAsync()).Entries["withings-receiver"];
        idle.Status.Should().Be(HealthStatus.Healthy);
        idle.Data["store"].Should().Be(host.StorePath);
        idle.Data["queue_depth"].Should().Be(0);

        using (await host.PostAsync(Payloads.Weight(1, 1530576000)))
        {
            await gate.Reached;
        }

        for (var user = 2; user <= 5; user++)
        {
            using var response = await host.PostAsync(Payloads.Weight(user, 1530576000));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var busy = (await health.CheckHealthAsync()).Entries["withings-receiver"];
        busy.Status.Should().Be(HealthStatus.Degraded);
        busy.Data["queue_depth"].Should().Be(4);
        busy.Data["queue_capacity"].Should().Be(5);
        busy.Data["stored"].Should().Be(5);
        ((double)busy.Data["oldest_unprocessed_seconds"]).Should().BeGreaterThanOrEqualTo(0);
        gate.Open();
    }

    private static async Task<IReadOnlyList<WithingsStoredDeadLetter>> WaitForDeadLettersAsync(IWithingsDeadLetterStore store, int count)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        while (true)
        {
            var stored = await store.ListAsync(timeout.Token);
            if (stored.Count >= count)
            {
                return stored;
            }

            // The dispatcher stores the dead letter in the background, after the 200.
            await Task.Delay(20, timeout.Token);
        }
    }
}
