using System.Globalization;
using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Withings.Sdk.Internal.Wire;

namespace Withings.Sdk.Tests.Notifications;

/// <summary>
/// The parser's own splitting, percent-decoding and digit reading agree with a plain reference built on the BCL
/// (<see cref="WebUtility.UrlDecode(string)"/>, <see cref="long.TryParse(string, NumberStyles, IFormatProvider, out long)"/>)
/// on random bodies.
/// </summary>
public sealed class NotificationParserReferenceTests
{
    // Pieces that exercise the decoder: separators, escapes (valid, malformed, truncated, multi-byte, encoded
    // separators), plus signs, non-ASCII text (a surrogate pair included) and plain runs long and short.
    private static readonly string[] Pieces =
    [
        "a", "Z", "7", "x", "-", ".", "~", "=", "&", "&&", "+", "%", "%2", "%41", "%2b", "%2B", "%26", "%3D", "%3d", "%C3%A9",
        "%C3", "%A9", "%F0%9F%98%80", "%zz", "%4", "\u00e9", "\ud83d\ude00", " ", "value12345678901234567890",
        "https%3A%2F%2Fexample.org%2Fhook%2Fwith%2Fa%2Flonger%2Fpath", "synced+from+the+app+on+a+long+road",
    ];

    private static readonly Gen<string> Text =
        from count in Gen.Choose(0, 40)
        from pieces in Gen.Elements(Pieces).ArrayOf(count)
        select string.Concat(pieces);

    // Unknown fields: names start with 'x', so no decoding can turn them into a documented field.
    private static readonly Gen<string> UnknownField =
        from name in Text
        from value in Text
        select "x" + name.Replace("&", string.Empty, StringComparison.Ordinal).Replace("=", string.Empty, StringComparison.Ordinal)
            + "=" + value.Replace("&", string.Empty, StringComparison.Ordinal);

    private static readonly Gen<string> NotificationBody =
        from userId in Gen.Choose(0, int.MaxValue)
        from start in Gen.Choose(0, int.MaxValue)
        from length in Gen.Choose(0, 100_000)
        from count in Gen.Choose(0, 40)
        from unknown in UnknownField.ArrayOf(count)
        from position in Gen.Choose(0, count)
        select string.Join(
            "&",
            unknown.Take(position)
                .Append(FormattableString.Invariant($"userid={userId}&appli=1&startdate={start}&enddate={(long)start + length}"))
                .Concat(unknown.Skip(position)));

    private static readonly Gen<string> Digits =
        from count in Gen.Choose(0, 25)
        from characters in Gen.Elements("0123456789012345678901234567890123456789x- +".ToCharArray()).ArrayOf(count)
        select new string(characters);

    private readonly NotificationParser _parser = new(new NotificationParserOptions { MaxBodyBytes = 1 << 20 });

    private static Config Config => Config.QuickThrowOnFailure.WithMaxTest(2000);

    [Test]
    public void DecodePairs_RandomBodies_AgreeWithWebUtility()
    {
        Prop.ForAll(Text.ToArbitrary(), body =>
            FormUrlDecoder.DecodePairs(body).SequenceEqual(ReferencePairs(body))).Check(Config);
    }

    [Test]
    public void TryParse_RandomNotifications_KeepTheFieldsWebUtilityDecodes()
    {
        Prop.ForAll(NotificationBody.ToArbitrary(), body =>
        {
            var pairs = ReferencePairs(body);
            if (pairs.GroupBy(p => p.Key).Any(g => g.Count() > 1 && g.Key.Contains('\uFFFD')))
            {
                // Out of this reference's reach: two names that are invalid UTF-8 in different ways (x%C3, x%A9) are
                // different names to the parser, which compares decoded bytes, but one text (x\uFFFD) to WebUtility.
                return true;
            }

            var expected = FirstValues(pairs, out var conflict);
            var fromText = _parser.TryParse(body, out var a, out var errorA);
            var fromBytes = _parser.TryParse(Encoding.UTF8.GetBytes(body), out var b, out var errorB);
            if (conflict is not null)
            {
                // The error's field name is sanitised for logs, so only its kind is compared with the reference.
                return !fromText && !fromBytes && errorA!.Kind == NotificationParseErrorKind.ConflictingDuplicate && errorA.Equals(errorB);
            }

            return fromText && fromBytes
                && a!.Fields.Keys.SequenceEqual(expected.Select(p => p.Key))
                && a.Fields.Values.SequenceEqual(expected.Select(p => p.Value))
                && b!.Fields.Equals(a.Fields)
                && a.UserId == long.Parse(expected.Single(p => p.Key == "userid").Value, CultureInfo.InvariantCulture)
                && ((WeightNotification)a).EndDate!.Value.ToUnixTimeSeconds() == long.Parse(expected.Single(p => p.Key == "enddate").Value, CultureInfo.InvariantCulture);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Test]
    public void TryParseDigits_RandomText_AgreesWithLongTryParse()
    {
        Prop.ForAll(Digits.ToArbitrary(), Gen.Elements(long.MaxValue, int.MaxValue, 253_402_300_799L, 9999L, 12L).ToArbitrary(), (text, max) =>
        {
            var parsed = WireFormat.TryParseDigits(Encoding.ASCII.GetBytes(text), max, out var value);
            var reference = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var expected) && expected <= max;
            return parsed == reference && value == (reference ? expected : 0);
        }).Check(Config);
    }

    // The form rules said plainly: split on '&', then on the first '=', decode both sides, drop empty names.
    private static List<KeyValuePair<string, string>> ReferencePairs(string body) =>
        body.Split('&')
            .Select(field => field.Split('=', 2))
            .Select(parts => new KeyValuePair<string, string>(WebUtility.UrlDecode(parts[0]), parts.Length > 1 ? WebUtility.UrlDecode(parts[1]) : string.Empty))
            .Where(pair => pair.Key.Length > 0)
            .ToList();

    // A repeated name keeps its first non-empty value; a later, different non-empty value is a conflict.
    private static List<KeyValuePair<string, string>> FirstValues(List<KeyValuePair<string, string>> pairs, out string? conflict)
    {
        conflict = null;
        var result = new List<KeyValuePair<string, string>>();
        foreach (var pair in pairs)
        {
            var index = result.FindIndex(p => p.Key == pair.Key);
            if (index < 0)
            {
                result.Add(pair);
            }
            else if (result[index].Value.Length == 0)
            {
                result[index] = pair;
            }
            else if (pair.Value.Length > 0 && pair.Value != result[index].Value)
            {
                conflict ??= pair.Key;
            }
        }

        return result;
    }
}
