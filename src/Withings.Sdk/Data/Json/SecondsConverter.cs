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
