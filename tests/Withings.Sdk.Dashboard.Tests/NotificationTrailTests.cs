using Microsoft.Extensions.Time.Testing;
using Withings.Sdk.AspNetCore;

namespace Withings.Sdk.Dashboard.Tests;

/// <summary>
/// The ring the dashboard reads: bounded, newest first, one trace per notification across the receiver's steps (even
/// when a durable queue reads the item back as another object), counts per category over the last hour and day.
/// </summary>
[TestFixture]
public sealed class NotificationTrailTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private readonly NotificationParser _parser = new();

    [Test]
    public void Trail_KeepsAtMostItsCapacity_NewestFirst()
    {
        var trail = new NotificationTrail(new FakeTimeProvider(Start), capacity: 3);

        for (var user = 1; user <= 5; user++)
        {
            trail.Queued(Item(user, Start.AddSeconds(user)));
        }

        trail.Latest(10).Select(t => t.UserId).Should().Equal(5, 4, 3);
        trail.Kept().Count.Should().Be(3);
        trail.Find(1, 10).Should().BeEmpty("the oldest traces made room for the newest");
    }

    [Test]
    public void Trail_JoinsTheSteps_OfAnItemReadBackFromTheStore()
    {
        var time = new FakeTimeProvider(Start);
        var trail = new NotificationTrail(time);
        var receivedAt = Start.AddTicks(1234567); // below the millisecond, which a durable queue does not keep
        var received = Item(42, receivedAt);
        var readBack = Item(42, DateTimeOffset.FromUnixTimeMilliseconds(receivedAt.ToUnixTimeMilliseconds()));

        trail.Queued(received);
        time.Advance(TimeSpan.FromSeconds(1));
        trail.HandlerCalled(readBack, [new FetchRequest(42, "/measure", [new("action", "getmeas"), new("startdate", "1530576000")], requiresSignature: false)], attempt: 1);
        trail.Handled(readBack);

        var trace = trail.Find(42, 10).Should().ContainSingle().Subject;
        trace.Stage.Should().Be(TrailStage.Handled);
        trace.Events.Select(e => e.Stage).Should().Equal(TrailStage.Queued, TrailStage.Fetched, TrailStage.Handled);
        trace.Events[1].Detail.Should().Be("1 request: measure getmeas", "paths and actions only, never a request's values");
    }

    [Test]
    public void Counts_SumTheLastHourAndTheLastDay_ByCategory()
    {
        var time = new FakeTimeProvider(Start);
        var trail = new NotificationTrail(time);
        trail.Queued(Item(1, time.GetUtcNow()));
        trail.Duplicate(Item(1, time.GetUtcNow()));
        time.Advance(TimeSpan.FromHours(3));
        trail.Queued(Item(2, time.GetUtcNow()));
        trail.Handled(Item(2, time.GetUtcNow()));

        var lastHour = trail.Counts(TimeSpan.FromHours(1)).Should().ContainSingle().Subject;
        var lastDay = trail.Counts(TimeSpan.FromDays(1)).Should().ContainSingle().Subject;

        lastHour.Should().Be(new TrailCount((int)NotificationCategory.Weight, Queued: 1, Duplicates: 0, Refused: 0, Handled: 1, DeadLettered: 0));
        lastDay.Should().Be(new TrailCount((int)NotificationCategory.Weight, Queued: 2, Duplicates: 1, Refused: 0, Handled: 1, DeadLettered: 0));
        time.Advance(TimeSpan.FromDays(2));
        trail.Counts(TimeSpan.FromDays(1)).Should().BeEmpty("counts older than a day are gone");
    }

    [TestCase("userid=2002&appli=1&startdate=1530576000&enddate=1530698753", "userid=2002&appli=1&startdate=•••&enddate=•••")]
    [TestCase("userid=alice@example.com&appli=1", "userid=•••&appli=1")]
    [TestCase("appli=46&action=unlink&userid=7", "appli=46&action=•••&userid=7")]
    [TestCase("not a form", "not a form=•••")]
    public void MaskedBody_ShowsFieldNames_AndOnlyNumericUserIdAndAppli(string body, string shown) =>
        MaskedBody.Of(body).Should().Be(shown);

    private ReceivedNotification Item(long userId, DateTimeOffset receivedAt) =>
        ReceivedNotification.Parsed(_parser.Parse($"userid={userId}&appli=1&startdate=1530576000&enddate=1530698753"), receivedAt);
}
