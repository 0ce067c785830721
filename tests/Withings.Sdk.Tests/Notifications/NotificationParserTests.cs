using System.Text;
using Microsoft.Extensions.Primitives;

namespace Withings.Sdk.Tests.Notifications;

/// <summary>The parsing rules of docs/withings-api.md §1 and the errors that name the field.</summary>
public sealed class NotificationParserTests
{
    private readonly NotificationParser _parser = new();

    [TestCase("userid=1&appli=1&startdate=yesterday", "startdate", NotificationParseErrorKind.MalformedField, "startdate: 'yesterday' is not a unix timestamp")]
    [TestCase("userid=1&appli=1&startdate=1530576000&enddate=soon", "enddate", NotificationParseErrorKind.MalformedField, "enddate: 'soon' is not a unix timestamp")]
    [TestCase("userid=1&appli=1&startdate=-5", "startdate", NotificationParseErrorKind.MalformedField, "startdate: '-5' is not a unix timestamp")]
    [TestCase("userid=1&appli=1&startdate=99999999999999999999", "startdate", NotificationParseErrorKind.MalformedField, "startdate: '99999999999999999999' is not a unix timestamp")]
    [TestCase("userid=1&appli=1&startdate=1530698753&enddate=1530576000", "enddate", NotificationParseErrorKind.MalformedField, "enddate: '1530576000' is before startdate '1530698753'")]
    [TestCase("userid=1&startdate=1530576000", "appli", NotificationParseErrorKind.MissingField, "appli: missing; every notification names its category (for example appli=1)")]
    [TestCase("userid=1&appli=weight", "appli", NotificationParseErrorKind.MalformedField, "appli: 'weight' is not a category number")]
    [TestCase("userid=1&appli=1.0", "appli", NotificationParseErrorKind.MalformedField, "appli: '1.0' is not a category number")]
    [TestCase("appli=1&startdate=1530576000&enddate=1530698753", "userid", NotificationParseErrorKind.MissingField, "userid: missing; every category but 53 names the Withings user")]
    [TestCase("userid=12a45&appli=1", "userid", NotificationParseErrorKind.MalformedField, "userid: '12a45' is not a Withings user id (a non-negative integer)")]
    [TestCase("userid=+12345&appli=1", "userid", NotificationParseErrorKind.MalformedField, "userid: ' 12345' is not a Withings user id (a non-negative integer)")]
    [TestCase("userid=1&appli=16&date=2018-02-30", "date", NotificationParseErrorKind.MalformedField, "date: '2018-02-30' is neither a YYYY-MM-DD day nor a unix timestamp")]
    [TestCase("userid=1&appli=16&date=03/07/2018", "date", NotificationParseErrorKind.MalformedField, "date: '03/07/2018' is neither a YYYY-MM-DD day nor a unix timestamp")]
    [TestCase("appli=53", "mac", NotificationParseErrorKind.MissingField, "mac: missing; appli 53 always names the device by its MAC address")]
    [TestCase("userid=1&appli=1&userid=2", "userid", NotificationParseErrorKind.ConflictingDuplicate, "userid: sent twice with different values ('1' and '2')")]
    [TestCase("foo=a&userid=1&appli=1&foo=b", "foo", NotificationParseErrorKind.ConflictingDuplicate, "foo: sent twice with different values ('a' and 'b')")]
    [TestCase("", "appli", NotificationParseErrorKind.MissingField, "appli: missing; every notification names its category (for example appli=1)")]
    public void TryParse_BadBody_ReturnsErrorNamingFieldAndProblem(string body, string field, NotificationParseErrorKind kind, string message)
    {
        _parser.TryParse(body, out var notification, out var error).Should().BeFalse();

        notification.Should().BeNull();
        error.Should().Be(new NotificationParseError(field, kind, message));
        _parser.TryParse(Encoding.UTF8.GetBytes(body), out _, out var bytesError).Should().BeFalse();
        bytesError.Should().Be(error);
    }

    [TestCase("userid=1&appli=1&startdate=yesterday", "startdate: malformed")]
    [TestCase("userid=1&appli=1&userid=2", "userid: sent twice with different values")]
    [TestCase("userid=1&startdate=1530576000", "appli: missing")]
    [TestCase("foo=a&userid=1&appli=1&foo=b", "undocumented field of 3 characters: sent twice with different values")]
    [TestCase("JaneDoe1985=a&userid=1&appli=1&JaneDoe1985=b", "undocumented field of 11 characters: sent twice with different values")]
    [TestCase("j%C3%A9r%C3%B4me=a&userid=1&appli=1&j%C3%A9r%C3%B4me=b", "undocumented field of 6 characters: sent twice with different values")]
    public void Description_NamesOnlyDocumentedFields_AndTheLengthOfAnyOther(string body, string description)
    {
        _parser.TryParse(body, out _, out var error).Should().BeFalse();

        // The description is what logs and dead letters show: a field name the sender chose may be personal data.
        error!.Description.Should().Be(description);
    }

    [Test]
    public void Description_NullBody_NamesTheBody()
    {
        _parser.TryParse((string?)null, out _, out var error).Should().BeFalse();

        error!.Description.Should().Be("body: missing");
    }

    [Test]
    public void Parse_BadBody_ThrowsParseExceptionCarryingTheError()
    {
        var act = () => _parser.Parse("userid=1&appli=1&startdate=yesterday");

        act.Should().Throw<NotificationParseException>()
            .WithMessage("startdate: 'yesterday' is not a unix timestamp")
            .Which.Error.Field.Should().Be("startdate");
    }

    [Test]
    public void TryParse_NullBody_ReturnsErrorInsteadOfThrowing()
    {
        _parser.TryParse((string?)null, out _, out var error).Should().BeFalse();

        error!.Field.Should().Be("body");
    }

    [Test]
    public void Parse_PercentEncodingAndPlus_AreDecoded()
    {
        var notification = _parser.Parse("userid=12345&appli=46&action=unl%69nk&note=a+b%20c%2Bd%26e%3Df");

        notification.Should().BeOfType<UserProfileNotification>().Which.Action.Should().Be(UserProfileAction.Unlink);
        notification.Fields["note"].Should().Be("a b c+d&e=f");
    }

    [Test]
    public void Parse_EncodedFieldNames_AreDecoded()
    {
        _parser.Parse("user%69d=7&%61ppli=1").UserId.Should().Be(7);
    }

    [Test]
    public void Parse_MalformedPercentEscape_IsKeptLiterally()
    {
        _parser.Parse("userid=1&appli=1&x=%zz%4").Fields["x"].Should().Be("%zz%4");
    }

    [Test]
    public void Parse_StrayAmpersandsEmptyKeysAndEmptyValues_AreTolerated()
    {
        var notification = _parser.Parse("&&userid=12345&&=orphan&appli=1&startdate=&flag&");

        notification.Should().BeOfType<WeightNotification>().Which.StartDate.Should().BeNull();
        notification.Fields.Keys.Should().Equal("userid", "appli", "startdate", "flag");
        notification.Fields["flag"].Should().BeEmpty();
    }

    [Test]
    public void Parse_DuplicateWithSameValue_IsAccepted()
    {
        _parser.Parse("userid=1&appli=1&userid=1").UserId.Should().Be(1);
    }

    [Test]
    public void Parse_DuplicateWhereOneIsEmpty_KeepsTheValue()
    {
        var notification = _parser.Parse("userid=&appli=1&userid=9");

        notification.UserId.Should().Be(9);
        notification.Fields["userid"].Should().Be("9");
    }

    [Test]
    public void Parse_ManyFieldsWithLateConflict_IsCaughtBeyondThePairwiseLimit()
    {
        var body = "userid=1&appli=1&" + string.Join('&', Enumerable.Range(0, 200).Select(i => $"k{i}=v")) + "&userid=2";

        _parser.TryParse(body, out _, out var error).Should().BeFalse();
        error!.Kind.Should().Be(NotificationParseErrorKind.ConflictingDuplicate);
        error.Field.Should().Be("userid");
    }

    [Test]
    public void Parse_BodyOverTheLimit_IsAnErrorNotAnAllocation()
    {
        var parser = new NotificationParser(new NotificationParserOptions { MaxBodyBytes = 100 });
        var body = "userid=1&appli=1&pad=" + new string('x', 100);

        parser.TryParse(body, out _, out var error).Should().BeFalse();
        error!.Kind.Should().Be(NotificationParseErrorKind.BodyTooLarge);
        error.Message.Should().Be("body: 121 bytes exceed the 100-byte limit (NotificationParserOptions.MaxBodyBytes)");
        parser.TryParse(Encoding.UTF8.GetBytes(body), out _, out var bytesError).Should().BeFalse();
        bytesError.Should().Be(error);
    }

    [Test]
    public void Parse_DefaultLimit_Is64KiB()
    {
        var atLimit = "userid=1&appli=1&pad=" + new string('x', (64 * 1024) - 21);
        var overLimit = atLimit + "x";

        _parser.TryParse(atLimit, out _, out _).Should().BeTrue();
        _parser.TryParse(overLimit, out _, out var error).Should().BeFalse();
        error!.Kind.Should().Be(NotificationParseErrorKind.BodyTooLarge);
    }

    [Test]
    public void Parse_MultiByteUtf8_CountsBytesForTheLimit()
    {
        var parser = new NotificationParser(new NotificationParserOptions { MaxBodyBytes = 40 });

        // 20 'é' are 20 chars but 40 bytes: with the 17-byte prefix, over the limit.
        parser.TryParse("userid=1&appli=1&n=" + new string('é', 20), out _, out var error).Should().BeFalse();
        error!.Kind.Should().Be(NotificationParseErrorKind.BodyTooLarge);
    }

    [Test]
    public void Parse_UnknownAppli_KeepsEveryRawField()
    {
        var notification = _parser.Parse("userid=5&appli=777&foo=bar&startdate=1530576000");

        var unknown = notification.Should().BeOfType<UnknownNotification>().Subject;
        ((int)unknown.Appli).Should().Be(777);
        Enum.IsDefined(unknown.Appli).Should().BeFalse();
        unknown.Fields.Should().Equal(
            new KeyValuePair<string, string>("userid", "5"),
            new KeyValuePair<string, string>("appli", "777"),
            new KeyValuePair<string, string>("foo", "bar"),
            new KeyValuePair<string, string>("startdate", "1530576000"));
    }

    [Test]
    public void Parse_FormCollectionValues_RepeatedDifferentValuesAreAConflict()
    {
        var form = new Dictionary<string, StringValues>
        {
            ["userid"] = new StringValues(["1", "2"]),
            ["appli"] = "1",
        };

        _parser.TryParse(form, out _, out var error).Should().BeFalse();
        error!.Message.Should().Be("userid: sent twice with different values ('1' and '2')");
    }

    [Test]
    public void Parse_FormCollectionValues_ParsesLikeTheBody()
    {
        var form = new Dictionary<string, StringValues>
        {
            ["foo"] = "bar",
            ["userid"] = "12345",
            ["appli"] = "1",
            ["startdate"] = "1530576000",
            ["enddate"] = "1530698753",
        };

        _parser.Parse(form).Should().Be(_parser.Parse("foo=bar&userid=12345&appli=1&startdate=1530576000&enddate=1530698753"));
    }

    [Test]
    public void Parse_DecodedPairsOverTheLimit_IsAnError()
    {
        var parser = new NotificationParser(new NotificationParserOptions { MaxBodyBytes = 50 });
        var pairs = new[] { new KeyValuePair<string, string>("userid", "1"), new("appli", "1"), new("pad", new string('x', 60)) };

        parser.TryParse(pairs, out _, out var error).Should().BeFalse();
        error!.Kind.Should().Be(NotificationParseErrorKind.BodyTooLarge);
    }

    [Test]
    public void NotificationDate_EpochDate_IsTheLocalDayInTheUsersTimeZone()
    {
        var notification = (ActivityNotification)_parser.Parse("userid=1&appli=16&date=1530576000");
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var honolulu = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Honolulu");

        // 1530576000 is 2018-07-03 00:00 UTC: 09:00 the same day in Tokyo, 14:00 the day before in Honolulu.
        notification.Date!.Value.GetCalendarDay(tokyo).Should().Be(new DateTime(2018, 7, 3));
        notification.Date.Value.GetCalendarDay(honolulu).Should().Be(new DateTime(2018, 7, 2));
    }

    [Test]
    public void NotificationDate_CalendarDay_IsTheSameDayEverywhere()
    {
        var notification = (ActivityNotification)_parser.Parse("userid=1&appli=16&date=2018-07-03");

        notification.Date!.Value.GetCalendarDay(TimeZoneInfo.FindSystemTimeZoneById("Pacific/Honolulu")).Should().Be(new DateTime(2018, 7, 3));
        notification.Date.Value.Instant.Should().BeNull();
    }

    [Test]
    public void Fields_ToString_ReencodesTheBody()
    {
        _parser.Parse("userid=1&appli=1&note=a+b").Fields.ToString().Should().Be("userid=1&appli=1&note=a%20b");
    }
}
