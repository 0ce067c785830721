using System.Globalization;
using System.Text;

namespace Withings.Sdk.Tests.Notifications;

/// <summary>Every documented payload (the table of Withings' notification page, docs/withings-api.md §1) becomes its typed record.</summary>
public sealed class NotificationParserFixtureTests
{
    private readonly NotificationParser _parser = new();

    [TestCaseSource(typeof(NotificationFixture), nameof(NotificationFixture.All))]
    public void Parse_DocumentedPayload_BecomesItsTypedRecordWithEveryField(NotificationFixture fixture)
    {
        var notification = _parser.Parse(fixture.Body);

        notification.GetType().Name.Should().Be(fixture.ExpectedType);
        ((int)notification.Appli).Should().Be(int.Parse(fixture.Values["appli"], CultureInfo.InvariantCulture));
        notification.UserId.Should().Be(fixture.Get("userid") is { } id and not "none" ? long.Parse(id, CultureInfo.InvariantCulture) : null);

        if (notification is WindowNotification window)
        {
            if (fixture.Get("startdate") is { } start)
            {
                window.StartDate.Should().Be(NotificationFixture.Instant(start));
            }

            if (fixture.Get("enddate") is { } end)
            {
                window.EndDate.Should().Be(NotificationFixture.Instant(end));
            }
        }

        var date = notification switch
        {
            ActivityNotification a => a.Date,
            DeviceEventNotification d => d.Date,
            _ => null,
        };
        if (fixture.Get("date") is { } expectedDate)
        {
            date.Should().NotBeNull();
            date!.Value.ToString().Should().Be(expectedDate);
            date.Value.Kind.ToString().Should().Be(fixture.Values["datekind"]);
        }

        if (fixture.Get("deviceid") is { } deviceId)
        {
            notification.Should().BeAssignableTo<DeviceEventNotification>().Which.DeviceId.Should().Be(deviceId);
        }

        if (fixture.Get("action") is { } action)
        {
            var profile = notification.Should().BeOfType<UserProfileNotification>().Subject;
            profile.Action!.Value.Value.Should().Be(action);
            profile.Action.Value.Kind.ToString().Should().Be(fixture.Values["actionkind"]);
        }

        if (fixture.Get("mac") is { } mac)
        {
            notification.Should().BeOfType<NoAccountAssociatedNotification>().Which.Mac.Should().Be(mac);
        }

        foreach (var (key, value) in fixture.Values.Where(v => v.Key.StartsWith("field.", StringComparison.Ordinal)))
        {
            notification.Fields[key["field.".Length..]].Should().Be(value);
        }

        if (fixture.Get("fields") is { } count)
        {
            notification.Fields.Count.Should().Be(int.Parse(count, CultureInfo.InvariantCulture));
        }
    }

    [TestCaseSource(typeof(NotificationFixture), nameof(NotificationFixture.All))]
    public void Parse_DocumentedPayload_SameRecordFromStringBytesAndDecodedPairs(NotificationFixture fixture)
    {
        var fromString = _parser.Parse(fixture.Body);
        var fromBytes = _parser.Parse(Encoding.UTF8.GetBytes(fixture.Body));
        var fromPairs = _parser.Parse(fromString.Fields.ToList());

        fromBytes.Should().Be(fromString);
        fromPairs.Should().Be(fromString);
    }

    [TestCaseSource(typeof(NotificationFixture), nameof(NotificationFixture.All))]
    public void Parse_DocumentedPayloadFieldsReversed_SameRecord(NotificationFixture fixture)
    {
        var reversed = string.Join('&', fixture.Body.Split('&').Reverse());

        _parser.Parse(reversed).Should().Be(_parser.Parse(fixture.Body));
    }
}
