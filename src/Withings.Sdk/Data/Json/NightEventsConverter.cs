using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>
/// Sleep getsummary's <c>night_events</c>: event type → offsets from the night's start, in seconds. Withings
/// documents it as an array but describes a map; it is read as a map, as a JSON text holding a map, or as a list
/// (an empty map encoded as <c>[]</c>; a non-empty list keyed by position).
/// </summary>
internal sealed class NightEventsConverter : JsonConverter<IReadOnlyDictionary<SleepEvent, IReadOnlyList<TimeSpan>>?>
{
    public override bool HandleNull => true;

    public override IReadOnlyDictionary<SleepEvent, IReadOnlyList<TimeSpan>>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                // Seen in the field: the map sent as JSON text. Bounded by the body's own size.
                var text = reader.GetString()!;
                var inner = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(text));
                return inner.Read() && inner.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray
                    ? Read(ref inner, typeToConvert, options)
                    : throw new JsonException("Expected night events as a map of event type to offsets.");
            case JsonTokenType.StartObject:
                var events = new Dictionary<SleepEvent, IReadOnlyList<TimeSpan>>();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var kind = int.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code)
                        ? (SleepEvent)code
                        : throw new JsonException("Expected a numeric night event type.");
                    reader.Read();
                    events[kind] = ReadOffsets(ref reader);
                }

                return events;
            case JsonTokenType.StartArray:
                var listed = new Dictionary<SleepEvent, IReadOnlyList<TimeSpan>>();
                var index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    listed[(SleepEvent)index++] = ReadOffsets(ref reader);
                }

                return listed;
            default:
                throw new JsonException("Expected night events as a map of event type to offsets.");
        }
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<SleepEvent, IReadOnlyList<TimeSpan>>? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        foreach (var entry in value)
        {
            writer.WriteStartArray(((int)entry.Key).ToString(CultureInfo.InvariantCulture));
            foreach (var offset in entry.Value)
            {
                writer.WriteNumberValue((long)offset.TotalSeconds);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static List<TimeSpan> ReadOffsets(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Expected a list of offsets in seconds.");
        }

        var offsets = new List<TimeSpan>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var seconds = LenientNumber.ReadDouble(ref reader);
            offsets.Add(Math.Abs(seconds) <= TimeSpan.MaxValue.TotalSeconds / 2 ? TimeSpan.FromSeconds(seconds) : throw new JsonException("Expected an offset in seconds."));
        }

        return offsets;
    }
}
