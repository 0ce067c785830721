using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Withings.Sdk.Internal.Wire;

namespace Withings.Sdk.Tests.Notifications;

/// <summary>
/// The span parser's shortcuts (fields sliced from the body when nothing is escaped, duplicate checks only where a
/// repeat is possible, the fields view kept as the raw body until read) agree with the plain decoded-pairs path.
/// </summary>
public sealed class NotificationParserFastPathTests
{
    private static readonly string[] Names =
    [
        "userid", "appli", "startdate", "enddate", "date", "deviceid", "action", "mac",
        "user%69d", "%61ppli", "foo", "x", "k1", "k2", "a+b", "a%20b", "x_field01", "x_field02", "caf%C3%A9",
    ];

    private static readonly string[] Values =
    [
        "", "1", "16", "44", "53", "12345", "1530576000", "1530698753", "2018-07-03", "unlink", "a+b", "%41",
        "00%3A24%3Ae4", "99999999999999999999", "0000000000000000001530576000", "153057600a", "caf%C3%A9",
    ];

    private static readonly Gen<string> Field =
        from name in Gen.Elements(Names)
        from value in Gen.Elements(Values)
        from form in Gen.Choose(0, 9)
        select form switch
        {
            0 => name,
            1 => string.Empty,
            _ => name + "=" + value,
        };

    private static readonly Gen<string> Body =
        from count in Gen.Choose(0, 80)
        from fields in Field.ArrayOf(count)
        select string.Join('&', fields);

    private readonly NotificationParser _parser = new();

    [Test]
    public void TryParse_GeneratedBodies_AgreesWithTheDecodedPairsPath()
    {
        Prop.ForAll(Body.ToArbitrary(), body =>
        {
            var fromText = _parser.TryParse(body, out var a, out var errorA);
            var fromBytes = _parser.TryParse(Encoding.UTF8.GetBytes(body), out var b, out var errorB);
            var fromPairs = _parser.TryParse(FormUrlDecoder.DecodePairs(body), out var c, out var errorC);
            return fromText == fromPairs && fromBytes == fromPairs
                && Equals(errorA, errorC) && Equals(errorB, errorC)
                && Equals(a, c) && Equals(b, c)
                && (c is null || (a!.Fields.SequenceEqual(c.Fields) && b!.Fields.SequenceEqual(c.Fields)));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
    }

    [Test]
    public void TryParse_ConflictAmongFortyFields_NamesTheFirstConflictingPair()
    {
        // More fields than the parser keeps on the stack, fewer than its hash-set threshold.
        var body = "userid=1&appli=1&" + string.Join('&', Enumerable.Range(0, 36).Select(i => $"k{i}=v{i}")) + "&k7=w&k3=z";

        _parser.TryParse(body, out _, out var error).Should().BeFalse();

        error.Should().Be(new NotificationParseError("k7", NotificationParseErrorKind.ConflictingDuplicate, "k7: sent twice with different values ('v7' and 'w')"));
    }

    [Test]
    public void TryParse_RepeatedUnknownFieldWithEscapes_ComparesDecodedValues()
    {
        _parser.TryParse("userid=1&appli=1&f%6Fo=a+b&foo=a%20b", out var notification, out _).Should().BeTrue();
        notification!.Fields["foo"].Should().Be("a b");

        _parser.TryParse("userid=1&appli=1&f%6Fo=a+b&foo=a%2Bb", out _, out var error).Should().BeFalse();
        error.Should().Be(new NotificationParseError("foo", NotificationParseErrorKind.ConflictingDuplicate, "foo: sent twice with different values ('a b' and 'a+b')"));
    }

    [Test]
    public void Equals_SameBodyFromTextAndFromBytes_EqualWithEqualHashCodes()
    {
        const string body = "foo=bar&userid=12345&appli=1&startdate=1530576000&enddate=1530698753";
        var fromText = _parser.Parse(body);
        var fromBytes = _parser.Parse(Encoding.UTF8.GetBytes(body));
        var reordered = _parser.Parse("appli=1&userid=12345&enddate=1530698753&startdate=1530576000&foo=bar");

        fromBytes.Should().Be(fromText);
        fromBytes.GetHashCode().Should().Be(fromText.GetHashCode());
        reordered.Should().Be(fromText);
        fromBytes.Fields["foo"].Should().Be("bar");
        fromBytes.Should().Be(fromText);
        _parser.Parse("foo=baz&userid=12345&appli=1&startdate=1530576000&enddate=1530698753").Should().NotBe(fromText);
    }

    [Test]
    public void Fields_ReadFromManyThreads_IsOneInstance()
    {
        var notification = _parser.Parse(Encoding.UTF8.GetBytes("userid=12345&appli=44&note=caf%C3%A9"));

        var views = Enumerable.Range(0, 8).AsParallel().Select(_ => notification.Fields).ToList();

        views.Should().AllSatisfy(view => view.Should().BeSameAs(views[0]));
        views[0]["note"].Should().Be("café");
    }

    [Test]
    public void Parse_BodyLargerThanTheStackBuffer_DecodesEscapes()
    {
        var padding = new string('x', 1500);
        var body = $"userid=12345&appli=1&pad={padding}&note=a+b%21";

        var fromText = _parser.Parse(body);
        var fromBytes = _parser.Parse(Encoding.UTF8.GetBytes(body));

        fromText.Fields["note"].Should().Be("a b!");
        fromBytes.Fields["note"].Should().Be("a b!");
        fromBytes.Fields["pad"].Should().HaveLength(1500);
    }
}
