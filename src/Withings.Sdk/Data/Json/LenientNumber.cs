using System.Globalization;
using System.Text.Json;

namespace Withings.Sdk;

/// <summary>Numbers as Withings sends them: JSON numbers, or numeric strings.</summary>
internal static class LenientNumber
{
    public static double ReadDouble(ref Utf8JsonReader reader)
    {
        var ok = reader.TokenType switch
        {
            JsonTokenType.Number => reader.TryGetDouble(out var number) ? number : (double?)null,
            JsonTokenType.String => double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null,
            _ => null,
        };
        return ok is double value && !double.IsNaN(value) && !double.IsInfinity(value)
            ? value
            : throw new JsonException("Expected a number.");
    }

    public static int ReadInt32(ref Utf8JsonReader reader) =>
        (int)ReadWhole(ref reader, int.MinValue, int.MaxValue, "Expected a 32-bit integer code.");

    /// <summary>
    /// An integer in [<paramref name="min"/>, <paramref name="max"/>]: <c>58</c>, <c>"58"</c>, and <c>58.0</c> or
    /// <c>5.8e1</c> too, since a JSON encoder may write a whole number with a fraction. A real fraction (<c>55.5</c>)
    /// is never rounded: it is an error, and the row is reported.
    /// </summary>
    /// <exception cref="JsonException">Not a whole number in range; <paramref name="expected"/> says what was (never the value).</exception>
    public static long ReadWhole(ref Utf8JsonReader reader, long min, long max, string expected)
    {
        long? whole = reader.TokenType switch
        {
            JsonTokenType.Number => reader.TryGetInt64(out var number) ? number : reader.TryGetDecimal(out var real) ? Whole(real) : null,
            JsonTokenType.String => Parse(reader.GetString()),
            _ => null,
        };
        return whole is long value && value >= min && value <= max
            ? value
            : throw new JsonException(expected);
    }

    private static long? Parse(string? text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number
        : decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) ? Whole(real)
        : null;

    private static long? Whole(decimal value) =>
        decimal.Truncate(value) == value && value >= long.MinValue && value <= long.MaxValue ? (long)value : null;
}
