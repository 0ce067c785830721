using System.Text.Json;

namespace Withings.Sdk.Sample;

/// <summary>
/// How the sample prints a failed Withings call, as the subscription commands do: <c>"status"</c> (null when the
/// failure was not a Withings status), <c>"family"</c> (null when it was not a Withings call), <c>"error"</c>.
/// </summary>
internal static class ApiErrorJson
{
    public static void Write(Utf8JsonWriter json, Exception error)
    {
        var api = error as WithingsApiException;
        Write(json, api?.Status, api?.Family.ToString(), error.Message);
    }

    public static void Write(Utf8JsonWriter json, int? status, string? family, string message)
    {
        json.WriteNumberOrNull("status", status);

        json.WriteString("family", family);
        json.WriteString("error", message);
    }
}
