namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>What the stores read from a notification: its body, its duplicate key and whether a repeat is new data.</summary>
public sealed class ReceivedNotificationTests
{
    private static readonly DateTimeOffset Received = DateTimeOffset.FromUnixTimeSeconds(1530576000);

    [Test]
    public void Body_OfAParsedNotification_IsEncodedOnceAndKept()
    {
        var item = ReceivedNotification.Parsed(new NotificationParser().Parse(Payloads.SeedExample), Received);

        var first = item.Body;

        first.Should().Be(Payloads.SeedExample);
        item.Body.Should().BeSameAs(first, "the stores read it for every notification, some more than once");
    }

    [Test]
    public void Body_ReadBackFromTheSqliteStore_IsTheStoredText()
    {
        var item = ReceivedNotification.FromStored(new NotificationParser(), Payloads.SeedExample, Received, Payloads.SeedExample.Length);

        item.Body.Should().BeSameAs(Payloads.SeedExample);
        item.IsParsed.Should().BeTrue();
    }

    [Test]
    public void Equality_DoesNotDependOnWhatWasComputedFromIt()
    {
        var notification = new NotificationParser().Parse(Payloads.CapturedSleep);
        var read = ReceivedNotification.Parsed(notification, Received, Payloads.CapturedSleep.Length);
        var unread = ReceivedNotification.Parsed(notification, Received, Payloads.CapturedSleep.Length);

        _ = read.Body;
        _ = read.DuplicateKey;
        _ = read.IsRepeatable;

        read.Should().Be(unread);
        read.GetHashCode().Should().Be(unread.GetHashCode());
    }

    [Test]
    public void DuplicateKeyAndRepeatable_FollowTheBody()
    {
        var parser = new NotificationParser();
        var windowed = ReceivedNotification.Parsed(parser.Parse(Payloads.CapturedSleep), Received);
        var glucose = ReceivedNotification.Parsed(parser.Parse("userid=5&appli=58"), Received);
        parser.TryParse(Payloads.Garbage, out _, out var error).Should().BeFalse();
        var garbage = ReceivedNotification.Unparseable(Payloads.Garbage, error!, Received);

        windowed.IsRepeatable.Should().BeFalse();
        windowed.DuplicateKey.Should().Be("withings:notification:44:13371337:1709336580:1709368500::::");
        glucose.IsRepeatable.Should().BeTrue("a body without a window is new data once handed out");
        garbage.DuplicateKey.Should().BeNull("a body that did not parse is never a duplicate");
        garbage.IsRepeatable.Should().BeFalse();
    }
}
