using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Withings.Sdk.Tests.Notifications;

/// <summary>Whatever the input, Parse throws only its own exception and TryParse never throws (issue: foundation).</summary>
public sealed class NotificationParserPropertyTests
{
    private static readonly string[] Seeds =
    [
        "foo=bar&userid=12345&appli=1&startdate=1530576000&enddate=1530698753",
        "userid=13371337&startdate=1709336580&enddate=1709368500&appli=44",
        "userid=12345&appli=16&date=2018-07-03",
        "userid=12345&appli=46&action=unlink",
        "userid=12345&appli=50&date=1530576000&deviceid=abc",
        "appli=53&mac=00%3A24%3Ae4%3Aaa%3Abb%3Acc",
    ];

    private static readonly char[] Alphabet = "=&%+0123456789abcdefxyzAF-:\u00e9\u0000\r\n ".ToCharArray();

    private static readonly Gen<(int Position, char Character, int Operation)> Edit =
        from position in Gen.Choose(0, 1000)
        from character in Gen.Elements(Alphabet)
        from operation in Gen.Choose(0, 2)
        select (position, character, operation);

    // Real bodies with random insertions, deletions and replacements of the characters that matter to the format.
    private static readonly Gen<string> MutatedBodies =
        from seed in Gen.Elements(Seeds)
        from edits in Gen.ListOf(Edit)
        select Mutate(seed, edits);

    private readonly NotificationParser _parser = new(new NotificationParserOptions { MaxBodyBytes = 2048 });

    private static Config Config => Config.QuickThrowOnFailure.WithMaxTest(3000);

    [Test]
    public void TryParse_RandomText_NeverThrows()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), body =>
        {
            var ok = _parser.TryParse(body, out var notification, out var error);
            return ok ? notification is not null && error is null : notification is null && error is not null;
        }).Check(Config);
    }

    [Test]
    public void TryParse_RandomBytes_NeverThrows()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
        {
            var ok = _parser.TryParse(bytes, out var notification, out var error);
            return ok ? notification is not null : error is not null;
        }).Check(Config);
    }

    [Test]
    public void Parse_MutatedRealBodies_ThrowsOnlyParseException()
    {
        Prop.ForAll(MutatedBodies.ToArbitrary(), body =>
        {
            try
            {
                _parser.Parse(body);
                _parser.Parse(Encoding.UTF8.GetBytes(body));
            }
            catch (NotificationParseException e)
            {
                return e.Error.Message.StartsWith(e.Error.Field, StringComparison.Ordinal) || e.Error.Field.Length > 64;
            }

            return true;
        }).Check(Config);
    }

    [Test]
    public void Parse_GeneratedValidBodies_RoundTripTheirValues()
    {
        var valid =
            from appli in Gen.Elements(1, 2, 4, 44, 54, 58, 60, 61, 62)
            from user in Gen.Choose(1, int.MaxValue)
            from start in Gen.Choose(0, 2_000_000_000)
            from length in Gen.Choose(0, 200_000)
            from shuffle in Gen.Shuffle(new[] { $"userid={user}", $"appli={appli}", $"startdate={start}", $"enddate={(long)start + length}", "extra=%41+b" })
            select (appli, user, start, end: (long)start + length, body: string.Join('&', shuffle));

        Prop.ForAll(valid.ToArbitrary(), c =>
        {
            var notification = (WindowNotification)_parser.Parse(c.body);
            return (int)notification.Appli == c.appli
                && notification.UserId == c.user
                && notification.StartDate == DateTimeOffset.FromUnixTimeSeconds(c.start)
                && notification.EndDate == DateTimeOffset.FromUnixTimeSeconds(c.end)
                && notification.Fields["extra"] == "A b"
                && notification.Fields["startdate"] == c.start.ToString(CultureInfo.InvariantCulture);
        }).Check(Config);
    }

    [Test]
    public void TryParse_StringAndBytes_AgreeOnEveryInput()
    {
        Prop.ForAll(MutatedBodies.ToArbitrary(), body =>
        {
            var fromString = _parser.TryParse(body, out var a, out var errorA);
            var fromBytes = _parser.TryParse(Encoding.UTF8.GetBytes(body), out var b, out var errorB);
            return fromString == fromBytes && Equals(a, b) && Equals(errorA, errorB);
        }).Check(Config);
    }

    private static string Mutate(string seed, IEnumerable<(int Position, char Character, int Operation)> edits)
    {
        var builder = new StringBuilder(seed);
        foreach (var (position, character, operation) in edits)
        {
            var at = builder.Length == 0 ? 0 : position % builder.Length;
            switch (operation)
            {
                case 0: builder.Insert(at, character); break;
                case 1 when builder.Length > 0: builder.Remove(at, 1); break;
                default: if (builder.Length > 0) { builder[at] = character; } break;
            }
        }

        return builder.ToString();
    }
}
