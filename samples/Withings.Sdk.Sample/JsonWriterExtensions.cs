using System.Text.Json;

namespace Withings.Sdk.Sample;

internal static class JsonWriterExtensions
{
    /// <summary>The sample's contract writes absent numbers (no user for appli 53, no status) as <c>null</c>, never omits them.</summary>
    public static void WriteNumberOrNull(this Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
