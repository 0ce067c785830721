using System.Text;
using System.Text.Json;

namespace Withings.Sdk.Sample;

/// <summary>How the sample prints a failed Withings call: <c>"status"</c> (or null), <c>"family"</c>, <c>"error"</c>.</summary>
internal static class ApiErrorJson
{
    public static void Write(Utf8JsonWriter json, Exception error)
    {
        if (error is WithingsApiException api)
        {
            if (api.Status is { } status)
            {
                json.WriteNumber("status", status);
            }
            else
            {
                json.WriteNull("status");
            }

            json.WriteString("family", SnakeCase(api.Family.ToString()));
        }
        else
        {
            json.WriteNull("status");
            json.WriteString("family", error is JsonException ? "unreadable_data" : "configuration");
        }

        json.WriteString("error", error.Message);
    }

    private static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
