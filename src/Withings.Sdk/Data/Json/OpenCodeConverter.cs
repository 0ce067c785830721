using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>
/// A code Withings extends over time (workout category, sleep state, device model, …) read into an open enum: any
/// integer is kept as it came, a numeric string too, and an unknown value is neither an error nor a log line.
/// </summary>
/// <typeparam name="T">An enum whose underlying type is <see cref="int"/>.</typeparam>
internal sealed class OpenCodeConverter<T> : JsonConverter<T>
    where T : struct, Enum
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var code = LenientNumber.ReadInt32(ref reader);
        return Unsafe.As<int, T>(ref code);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(Unsafe.As<T, int>(ref value));
}

/// <summary>Like <see cref="OpenCodeConverter{T}"/>, for codes Withings may leave out or send as <c>null</c>.</summary>
/// <typeparam name="T">An enum whose underlying type is <see cref="int"/>.</typeparam>
internal sealed class NullableOpenCodeConverter<T> : JsonConverter<T?>
    where T : struct, Enum
{
    public override bool HandleNull => true;

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var code = LenientNumber.ReadInt32(ref reader);
        return Unsafe.As<int, T>(ref code);
    }

    public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options)
    {
        if (value is { } code)
        {
            writer.WriteNumberValue(Unsafe.As<T, int>(ref code));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
