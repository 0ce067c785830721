using System.Text.Json;

namespace Withings.Sdk.Sample;

/// <summary>How the sample prints planned requests: <c>{"userid","method","url","form","signed"}</c>.</summary>
internal static class FetchPlanJson
{
    public static void WriteRequests(Utf8JsonWriter json, FetchPlan plan, Uri baseAddress)
    {
        json.WriteStartArray("requests");
        foreach (var request in plan.Requests)
        {
            json.WriteStartObject();
            json.WriteNumberOrNull("userid", request.UserId);

            json.WriteString("method", "POST");
            json.WriteString("url", request.GetUri(baseAddress).AbsoluteUri);
            json.WriteStartObject("form");
            foreach (var field in request.Form)
            {
                json.WriteString(field.Key, field.Value);
            }

            json.WriteEndObject();
            json.WriteBoolean("signed", request.RequiresSignature);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (plan.IsEmpty && plan.Reason is { } reason)
        {
            json.WriteString("reason", reason);
        }
    }
}
