using Withings.Sdk.Benchmarks.Day;

namespace Withings.Sdk.AspNetCore.Tests.Sync;

/// <summary>
/// The day simulator of the benchmarks (<c>--day</c>) on two users: a whole virtual day through the real engine and
/// through one-by-one fetching, under the default limiter. Its figures are the benchmark's business; here only what
/// must hold whatever the timing: every notification's data is handed over, nothing is dead-lettered or failed, and
/// no way of fetching sends fewer requests than the whole-day floor.
/// </summary>
[NonParallelizable] // The simulator watches the thread pool to tell when the system is idle.
public sealed class DaySimulatorSmokeTests
{
    private const int Users = 2;

    [Test]
    public async Task Engine_hands_over_every_notification_of_the_day_with_at_least_the_floor_of_requests()
    {
        var day = new DayGenerator();
        var schedule = day.Generate(Users);
        var floor = DayPlans.Floor(day, schedule);

        var run = await DaySimulation.RunEngineAsync(day, schedule, Users);

        run.Problems.Should().BeEmpty();
        run.Cut.Should().BeFalse();
        run.Delivered.Should().Be(schedule.Count);
        run.Latencies.Should().HaveCount(schedule.Count).And.OnlyContain(seconds => seconds >= 0);
        // The day's trackers name the same day again and again, hours apart: each repeat is fetched again, so the
        // engine must send more than the floor, which plans each day's repeats once.
        schedule.GroupBy(n => n.Body).Should().Contain(g => g.Count() > 3 && g.Key.Contains("appli=16", StringComparison.Ordinal));
        run.Requests.Should().BeGreaterThan(floor);
    }

    [Test]
    public async Task One_by_one_sends_each_notifications_own_plan_and_hands_over_every_notification()
    {
        var day = new DayGenerator();
        var schedule = day.Generate(Users);

        var run = await DaySimulation.RunOneByOneAsync(day, schedule, Users);

        run.Problems.Should().BeEmpty();
        run.Delivered.Should().Be(schedule.Count);
        run.Requests.Should().Be(DayPlans.OneByOnePlanned(day, schedule)).And.BeGreaterThanOrEqualTo(DayPlans.Floor(day, schedule));
    }
}
