using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>Unix epoch seconds (a number, or a numeric string) as a <see cref="DateTimeOffset"/> in UTC.</summary>
internal sealed class UnixTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.FromUnixTimeSeconds(ReadSeconds(ref reader));

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.ToUnixTimeSeconds());

    // The range DateTimeOffset can hold: years 0001 to 9999.
    internal const long MinSeconds = -62_135_596_800;
    internal const long MaxSeconds = 253_402_300_799;

    internal static long ReadSeconds(ref Utf8JsonReader reader)
    {
        var ok = reader.TokenType switch
        {
            JsonTokenType.Number => reader.TryGetInt64(out var number) ? number : (long?)null,
            JsonTokenType.String or JsonTokenType.PropertyName => long.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : null,
            _ => null,
        };
        return ok is long seconds && seconds >= MinSeconds && seconds <= MaxSeconds
            ? seconds
            : throw new JsonException("Expected unix epoch seconds (an integer between years 0001 and 9999).");
    }
}
