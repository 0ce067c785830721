using Microsoft.Extensions.Time.Testing;

namespace Withings.Sdk.Redis.Tests;

internal sealed class ConsumerLivenessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Test]
    public void UnchangedHeartbeat_IsDeadOnceTheTimeoutHasPassedOnTheObserversClock()
    {
        var clock = new FakeTimeProvider();
        var liveness = new ConsumerLiveness(Timeout, clock);
        var beats = new Dictionary<string, string> { ["a"] = "run:1" };

        liveness.Look(beats, clock.GetTimestamp()).Should().BeEmpty();
        clock.Advance(Timeout - TimeSpan.FromMilliseconds(1));
        liveness.Look(beats, clock.GetTimestamp()).Should().BeEmpty();
        clock.Advance(TimeSpan.FromMilliseconds(1));
        liveness.Look(beats, clock.GetTimestamp()).Should().Equal(new DeadConsumer("a", "run:1"));
    }

    [Test]
    public void HeartbeatThatMovesWithinTheTimeout_IsNeverDead_HoweverLongItIsWatched()
    {
        var clock = new FakeTimeProvider();
        var liveness = new ConsumerLiveness(Timeout, clock);
        for (var beat = 0; beat < 1000; beat++)
        {
            // A new value at every other look, the looks 20 s apart: unchanged for at most 20 s.
            var beats = new Dictionary<string, string> { ["a"] = "run:" + (beat / 2) };
            liveness.Look(beats, clock.GetTimestamp()).Should().BeEmpty();
            clock.Advance(TimeSpan.FromSeconds(10));
        }
    }

    [Test]
    public void StoppedOrUnseenForTheTimeout_AreDead_OthersNot()
    {
        var clock = new FakeTimeProvider();
        var liveness = new ConsumerLiveness(Timeout, clock);
        var beats = new Dictionary<string, string> { ["stopped"] = ConsumerLiveness.Stopped, ["absent"] = ConsumerLiveness.Absent, ["live"] = "run:1" };

        // A clean stop is taken at once; a consumer without a heartbeat only after the timeout, like a silent one.
        liveness.Look(beats, clock.GetTimestamp()).Should().Equal(new DeadConsumer("stopped", ConsumerLiveness.Stopped));
        clock.Advance(Timeout);
        beats["live"] = "run:2";
        liveness.Look(beats, clock.GetTimestamp()).Should().BeEquivalentTo(new[]
        {
            new DeadConsumer("stopped", ConsumerLiveness.Stopped),
            new DeadConsumer("absent", ConsumerLiveness.Absent),
        });
    }

    [Test]
    public void TimeWhileTheObserverCouldNotLook_DoesNotCount()
    {
        var clock = new FakeTimeProvider();
        var liveness = new ConsumerLiveness(Timeout, clock);
        var beats = new Dictionary<string, string> { ["a"] = "run:1" };
        liveness.Look(beats, clock.GetTimestamp()).Should().BeEmpty();

        // Redis was unreachable for 25 s: everyone's heartbeat may have failed meanwhile, the timing starts again.
        clock.Advance(TimeSpan.FromSeconds(25));
        liveness.Forget();
        liveness.Look(beats, clock.GetTimestamp()).Should().BeEmpty();
        clock.Advance(Timeout - TimeSpan.FromSeconds(1));
        liveness.Look(beats, clock.GetTimestamp()).Should().BeEmpty();
        clock.Advance(TimeSpan.FromSeconds(1));
        liveness.Look(beats, clock.GetTimestamp()).Should().ContainSingle();
    }

    [Test]
    public void ConsumerThatLeftAndCameBackWithTheSameValue_IsTimedFromItsReturn()
    {
        var clock = new FakeTimeProvider();
        var liveness = new ConsumerLiveness(Timeout, clock);
        liveness.Look(new Dictionary<string, string> { ["a"] = "run:1" }, clock.GetTimestamp()).Should().BeEmpty();
        clock.Advance(Timeout);
        liveness.Look(new Dictionary<string, string>(), clock.GetTimestamp()).Should().BeEmpty();
        liveness.Look(new Dictionary<string, string> { ["a"] = "run:1" }, clock.GetTimestamp()).Should().BeEmpty();
    }
}
