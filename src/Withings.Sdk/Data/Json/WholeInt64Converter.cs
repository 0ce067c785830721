using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>
/// Every <see cref="long"/> of the fetched rows (registered for the whole <see cref="DataJsonContext"/>): an integer,
/// a numeric string, or a whole number written with a fraction (<c>12.0</c>); a real fraction or a larger number is
/// an error (see <see cref="LenientNumber.ReadWhole"/>).
/// </summary>
internal sealed class WholeInt64Converter : JsonConverter<long>
{
    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        LenientNumber.ReadWhole(ref reader, long.MinValue, long.MaxValue, "Expected an integer (64-bit); a fraction is never rounded.");

    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}
