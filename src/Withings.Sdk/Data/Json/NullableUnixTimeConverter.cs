using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>Like <see cref="UnixTimeConverter"/>, for fields Withings may leave out or send as <c>null</c>.</summary>
internal sealed class NullableUnixTimeConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : DateTimeOffset.FromUnixTimeSeconds(UnixTimeConverter.ReadSeconds(ref reader));

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } instant)
        {
            writer.WriteNumberValue(instant.ToUnixTimeSeconds());
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
