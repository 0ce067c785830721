using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Withings.Sdk.Testing.Tests;

/// <summary>The notification bodies, read back by the SDK's own parser.</summary>
public sealed class NotificationBodyTests
{
    private static readonly NotificationParser Parser = new();

    [Test]
    public void Weight_IsWithingsDocumentedShape()
    {
        var body = WithingsNotificationBody.Weight(12345, DateTimeOffset.FromUnixTimeSeconds(1530576000), DateTimeOffset.FromUnixTimeSeconds(1530698753));

        // Withings' documented example, without its leading foo=bar.
        body.Should().Be("userid=12345&appli=1&startdate=1530576000&enddate=1530698753");
    }

    [Test]
    public void WindowBodies_AnyUserAndWindow_ParseBackToTheSameCategoryUserAndWindow()
    {
        var categories = new[] { NotificationCategory.Weight, NotificationCategory.BloodPressure, NotificationCategory.Sleep, NotificationCategory.Ecg, NotificationCategory.Glucose };
        var cases =
            from category in Gen.Elements(categories)
            from user in Gen.Choose(1, int.MaxValue)
            from start in Gen.Choose(0, 2_000_000_000)
            from length in Gen.Choose(0, 86_400)
            select (category, user, start, length);
        Prop.ForAll(
            cases.ToArbitrary(),
            c =>
            {
                var (category, user, start, length) = c;
                var from = DateTimeOffset.FromUnixTimeSeconds(start);
                var to = from.AddSeconds(length);

                var parsed = (WindowNotification)Parser.Parse(WithingsNotificationBody.Of(user, category, from, to));

                return parsed.Appli == category && parsed.UserId == user && parsed.StartDate == from && parsed.EndDate == to;
            }).QuickCheckThrowOnFailure();
    }

    [Test]
    public void Activity_CarriesTheCalendarDay()
    {
        var parsed = (ActivityNotification)Parser.Parse(WithingsNotificationBody.Activity(12345, new DateTime(2024, 3, 1)));

        WithingsNotificationBody.Activity(12345, new DateTime(2024, 3, 1)).Should().Be("userid=12345&appli=16&date=2024-03-01");
        parsed.Date.Should().NotBeNull();
        parsed.UserId.Should().Be(12345);
    }

    [Test]
    public void UserProfileAndNoAccount_ParseToTheirRecords()
    {
        var unlinked = (UserProfileNotification)Parser.Parse(WithingsNotificationBody.UserProfile(12345, "unlink"));
        var device = (NoAccountAssociatedNotification)Parser.Parse(WithingsNotificationBody.NoAccountAssociated("00:24:e4:aa:bb:cc"));

        unlinked.Action!.ToString().Should().Contain("unlink");
        device.Mac.Should().Be("00:24:e4:aa:bb:cc");
        device.UserId.Should().BeNull();
    }

    [Test]
    public void Builder_FieldsInOrderAndValuesPercentEncoded()
    {
        var builder = new WithingsNotificationBodyBuilder().Field("foo", "bar & baz").UserId(7).Appli(99).Field("note", "é=1");

        builder.Build().Should().Be("foo=bar%20%26%20baz&userid=7&appli=99&note=%C3%A9%3D1");
        Parser.Parse(builder.Build()).Fields["note"].Should().Be("é=1");
    }

    [Test]
    public async Task BuildContent_IsAFormPostBody()
    {
        using var content = new WithingsNotificationBodyBuilder().UserId(1).Appli(NotificationCategory.Weight).BuildContent();

        content.Headers.ContentType!.MediaType.Should().Be("application/x-www-form-urlencoded");
        content.Headers.ContentType.CharSet.Should().Be(Encoding.UTF8.WebName);
        (await content.ReadAsStringAsync()).Should().Be("userid=1&appli=1");
    }

    [Test]
    public void Builder_EmptyFieldName_IsRefusedNamingTheParameter()
    {
        FluentActions.Invoking(() => new WithingsNotificationBodyBuilder().Field(string.Empty, "x"))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("name");
    }
}
