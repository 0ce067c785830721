using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>A flag Withings sends as a JSON boolean, or as 0/1 like getmeas' <c>more</c>.</summary>
internal sealed class LenientBooleanConverter : JsonConverter<bool?>
{
    public override bool HandleNull => true;

    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Number when reader.TryGetInt64(out var number) && number is 0 or 1 => number == 1,
        JsonTokenType.String => reader.GetString() switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw new JsonException("Expected a boolean."),
        },
        _ => throw new JsonException("Expected a boolean."),
    };

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        if (value is { } flag)
        {
            writer.WriteBooleanValue(flag);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
