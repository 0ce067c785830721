using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>
/// Every <see cref="int"/> of the fetched rows (registered for the whole <see cref="DataJsonContext"/>): an integer,
/// a numeric string, or a whole number written with a fraction (<c>58.0</c>); a real fraction or a larger number is
/// an error (see <see cref="LenientNumber.ReadWhole"/>).
/// </summary>
internal sealed class WholeInt32Converter : JsonConverter<int>
{
    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        (int)LenientNumber.ReadWhole(ref reader, int.MinValue, int.MaxValue, "Expected an integer (32-bit); a fraction is never rounded.");

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}
