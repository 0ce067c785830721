using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>A duration Withings sends in seconds (a number, or a numeric string) as a <see cref="TimeSpan"/>.</summary>
internal sealed class SecondsConverter : JsonConverter<TimeSpan?>
{
    // TimeSpan holds about ±29 000 years; anything past that is not a duration Withings measured.
    private static readonly double MaxSeconds = TimeSpan.MaxValue.TotalSeconds / 2;

    public override bool HandleNull => true;

    public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var seconds = LenientNumber.ReadDouble(ref reader);
        return Math.Abs(seconds) <= MaxSeconds
            ? TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond))
            : throw new JsonException("Expected a duration in seconds.");
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options)
    {
        if (value is not { } duration)
        {
            writer.WriteNullValue();
        }
        else if (duration.Ticks % TimeSpan.TicksPerSecond == 0)
        {
            writer.WriteNumberValue(duration.Ticks / TimeSpan.TicksPerSecond);
        }
        else
        {
            writer.WriteNumberValue(duration.TotalSeconds);
        }
    }
}

/// <summary>Numbers that Withings may send as JSON strings.</summary>
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

    public static int ReadInt32(ref Utf8JsonReader reader)
    {
        var ok = reader.TokenType switch
        {
            JsonTokenType.Number => reader.TryGetInt32(out var number) ? number : (int?)null,
            JsonTokenType.String => int.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : null,
            _ => null,
        };
        return ok ?? throw new JsonException("Expected a 32-bit integer code.");
    }
}
