using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk.AspNetCore.Tests.Backfill;

/// <summary>
/// Where backfill jobs live by default (the store file, or memory when the receiver keeps nothing on disk) and the
/// store's contract: a job read back plans exactly the requests it was saved with, progress is recorded only on the
/// same job at the expected request, finished jobs are not resumed; the file's jobs survive a new process.
/// </summary>
public sealed class BackfillStoreTests : TemporaryStoreTest
{
    private const long Alice = 7_300_001;
    private const long Bob = 7_300_002;

    [Test]
    public void Default_is_the_store_file_and_memory_with_UseInMemoryQueue_or_UseInMemoryState()
    {
        using (var durable = Build())
        {
            durable.GetRequiredService<IWithingsBackfillStore>().Should().BeOfType<SqliteBackfillStore>();
        }

        using (var queue = Build(r => r.UseInMemoryQueue()))
        {
            queue.GetRequiredService<IWithingsBackfillStore>().Should().BeOfType<InMemoryBackfillStore>();
        }

        using var state = Build(r => r.UseInMemoryState());
        state.GetRequiredService<IWithingsBackfillStore>().Should().BeOfType<InMemoryBackfillStore>();
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Job_reads_back_as_saved_and_progress_moves_only_from_the_expected_request(bool file)
    {
        var alice = Job(Alice);
        var bob = Job(Bob) with { Next = 2, Failed = 1 };
        using (var services = Build(file ? null : r => r.UseInMemoryState()))
        {
            var store = services.GetRequiredService<IWithingsBackfillStore>();
            await store.SaveAsync(alice, CancellationToken.None);
            await store.SaveAsync(bob, CancellationToken.None);

            (await store.AdvanceAsync(alice with { Next = 1 }, expectedNext: 0, CancellationToken.None)).Should().BeTrue();
            (await store.AdvanceAsync(alice with { Next = 1 }, expectedNext: 0, CancellationToken.None)).Should().BeFalse("progress already moved past request 0");
            (await store.AdvanceAsync(alice with { Until = alice.Until.AddDays(1), Next = 2 }, expectedNext: 1, CancellationToken.None)).Should().BeFalse("another job of the user");
            (await store.AdvanceAsync(bob with { Next = bob.Requests.Count, Failed = 3 }, expectedNext: 2, CancellationToken.None)).Should().BeTrue();
            if (!file)
            {
                await CheckAsync(store);
                return;
            }
        }

        // A new process on the same file.
        using var again = Build();
        await CheckAsync(again.GetRequiredService<IWithingsBackfillStore>());

        async Task CheckAsync(IWithingsBackfillStore store)
        {
            var read = (await store.GetAsync(Alice, CancellationToken.None))!;
            read.Should().BeEquivalentTo(alice with { Next = 1 }, o => o.Excluding(j => j.Requests));
            read.Requests.Should().Equal(alice.Requests);
            (await store.GetAsync(Bob, CancellationToken.None))!.ToProgress().Should().Be(new WithingsBackfillProgress(Bob, bob.Since, bob.Until, bob.Requests.Count, 0, 3));
            (await store.ListUnfinishedAsync(CancellationToken.None)).Select(j => j.UserId).Should().Equal([Alice], "Bob's job is finished");
            (await store.GetAsync(4242, CancellationToken.None)).Should().BeNull();
        }
    }

    [Test]
    public async Task Saving_a_new_job_replaces_the_users_job()
    {
        using var services = Build();
        var store = services.GetRequiredService<IWithingsBackfillStore>();
        var old = Job(Alice) with { Next = 3 };
        await store.SaveAsync(old, CancellationToken.None);

        var fresh = Job(Alice) with { Until = old.Until.AddDays(1) };
        await store.SaveAsync(fresh, CancellationToken.None);

        var read = (await store.GetAsync(Alice, CancellationToken.None))!;
        read.Until.Should().Be(fresh.Until);
        read.Next.Should().Be(0);
        (await store.AdvanceAsync(old with { Next = 4 }, expectedNext: 3, CancellationToken.None)).Should().BeFalse("the old job is gone");
    }

    // A real plan: activity's windows (with their data_fields lists), sleep, and a signed survey request.
    private static WithingsBackfillJob Job(long userId)
    {
        var parser = new NotificationParser();
        var planner = new FetchPlanner();
        var requests = new[] { 16, 44, 60 }
            .SelectMany(appli => planner.Plan(parser.Parse($"userid={userId}&appli={appli}&startdate=1709164800&enddate=1709380800")).Requests)
            .ToList();
        requests.Should().Contain(r => r.RequiresSignature);
        return new WithingsBackfillJob(userId, DateTimeOffset.FromUnixTimeSeconds(1709164800), new DateTimeOffset(2024, 3, 2, 12, 0, 0, TimeSpan.Zero).AddTicks(1234567), requests);
    }

    private ServiceProvider Build(Action<WithingsReceiverBuilder>? receiver = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var builder = services.AddWithingsNotifications().AddReceiver(o =>
        {
            o.StorePath = StorePath;
            o.CallbackSecret = "backfill-store-tests-secret";
        });
        receiver?.Invoke(builder);
        builder.AddSync<Sync.RecordingDataHandler>().AddBackfill();
        return services.BuildServiceProvider();
    }
}
