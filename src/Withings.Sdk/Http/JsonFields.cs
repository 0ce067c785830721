using System.Globalization;
using System.Text.Json;

namespace Withings.Sdk;

/// <summary>Lenient reads of single fields where Withings is known to vary the JSON type (a number or a string).</summary>
internal static class JsonFields
{
    public static long? GetInt64(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var number) => number,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }

    public static string? GetString(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary><c>more</c> is an int 0/1 in getmeas and a boolean in the v2 services (docs/withings-api.md §4).</summary>
    public static bool IsTruthy(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var value))
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.Number => !value.TryGetInt64(out var number) || number != 0,
            JsonValueKind.String => value.GetString() is "1" or "true",
            _ => false,
        };
    }
}
