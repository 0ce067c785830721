using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>
/// A series keyed by unix epoch seconds (<c>{"1594159200":62,…}</c>, the hr/rr/snoring/… of Sleep v2 get) as values
/// by instant, in the order sent. An empty list (<c>[]</c>, what an empty PHP map becomes) is an empty series.
/// </summary>
internal sealed class TimedValuesConverter : JsonConverter<IReadOnlyDictionary<DateTimeOffset, double>?>
{
    public override bool HandleNull => true;

    public override IReadOnlyDictionary<DateTimeOffset, double>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.StartArray when reader.Read() && reader.TokenType == JsonTokenType.EndArray:
                return new Dictionary<DateTimeOffset, double>();
            case JsonTokenType.StartObject:
                break;
            default:
                throw new JsonException("Expected an object of values keyed by unix epoch seconds.");
        }

        var values = new Dictionary<DateTimeOffset, double>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = UnixTimeConverter.ReadSeconds(ref reader);
            reader.Read();
            values[DateTimeOffset.FromUnixTimeSeconds(key)] = LenientNumber.ReadDouble(ref reader);
        }

        return values;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<DateTimeOffset, double>? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        foreach (var entry in value)
        {
            writer.WriteNumber(entry.Key.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), entry.Value);
        }

        writer.WriteEndObject();
    }
}
