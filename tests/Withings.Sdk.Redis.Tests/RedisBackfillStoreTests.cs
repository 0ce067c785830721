using Microsoft.Extensions.DependencyInjection;
using Withings.Sdk.AspNetCore;

namespace Withings.Sdk.Redis.Tests;

/// <summary>
/// Backfill jobs in Redis with <c>UseRedis</c>, on a real redis-server: the default backfill store, a job read back by
/// another instance as it was saved, and progress recorded only from the expected request, whichever instance writes.
/// </summary>
[NonParallelizable]
internal sealed class RedisBackfillStoreTests : RedisFixture
{
    private const long Alice = 8_300_001;
    private const long Bob = 8_300_002;

    [Test]
    public async Task Job_saved_by_one_instance_is_read_and_advanced_by_another_only_from_the_expected_request()
    {
        var prefix = NewPrefix();
        await using var one = Build(prefix);
        await using var other = Build(prefix);
        var first = one.GetRequiredService<IWithingsBackfillStore>();
        var second = other.GetRequiredService<IWithingsBackfillStore>();
        first.Should().BeOfType<RedisBackfillStore>();
        var alice = Job(Alice);
        var bob = Job(Bob);

        await first.SaveAsync(alice, CancellationToken.None);
        await first.SaveAsync(bob, CancellationToken.None);
        (await second.AdvanceAsync(alice with { Next = 1, Failed = 1 }, expectedNext: 0, CancellationToken.None)).Should().BeTrue();
        (await first.AdvanceAsync(alice with { Next = 1 }, expectedNext: 0, CancellationToken.None)).Should().BeFalse("the other instance already moved it");
        (await first.AdvanceAsync(alice with { Until = alice.Until.AddDays(1), Next = 2 }, expectedNext: 1, CancellationToken.None)).Should().BeFalse("another job of the user");
        (await second.AdvanceAsync(bob with { Next = bob.Requests.Count }, expectedNext: 0, CancellationToken.None)).Should().BeTrue();

        var read = (await first.GetAsync(Alice, CancellationToken.None))!;
        read.Should().BeEquivalentTo(alice with { Next = 1, Failed = 1 }, o => o.Excluding(j => j.Requests));
        read.Requests.Should().Equal(alice.Requests);
        (await second.ListUnfinishedAsync(CancellationToken.None)).Select(j => j.UserId).Should().Equal([Alice], "Bob's job is finished");
        (await second.GetAsync(4242, CancellationToken.None)).Should().BeNull();

        var fresh = Job(Alice) with { Until = alice.Until.AddDays(1) };
        await second.SaveAsync(fresh, CancellationToken.None);
        (await first.GetAsync(Alice, CancellationToken.None))!.Should().BeEquivalentTo(fresh, o => o.Excluding(j => j.Requests), "a new job replaces the user's job");
    }

    // A real plan: activity's windows (with their data_fields lists), sleep, and a signed survey request.
    private static WithingsBackfillJob Job(long userId)
    {
        var parser = new NotificationParser();
        var planner = new FetchPlanner();
        var requests = new[] { 16, 44, 60 }
            .SelectMany(appli => planner.Plan(parser.Parse($"userid={userId}&appli={appli}&startdate=1709164800&enddate=1709380800")).Requests)
            .ToList();
        return new WithingsBackfillJob(userId, DateTimeOffset.FromUnixTimeSeconds(1709164800), new DateTimeOffset(2024, 3, 2, 12, 0, 0, TimeSpan.Zero).AddTicks(1234567), requests);
    }

    private ServiceProvider Build(string prefix)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var withings = services.AddWithingsNotifications();
        withings.UseRedis(Redis.Endpoint, configure: o => o.KeyPrefix = prefix);
        withings.AddReceiver(o =>
        {
            o.CallbackSecret = "redis-backfill-tests-secret";
            o.StorePath = Path.Combine(Path.GetTempPath(), "withings-sdk-tests", "never-created.db");
        }).AddSync<NoData>().AddBackfill();
        return services.BuildServiceProvider();
    }

    private sealed class NoData : IWithingsDataHandler
    {
        public Task HandleAsync(WithingsUserData data, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
