using System.Text.Json;

namespace Withings.Sdk.Sample;

/// <summary>
/// How the sample prints planned requests: <c>{"userid","method","url","form","signed"}</c>; then, only when the plan
/// left a part of a window out, <c>"omitted":[{"userid","url","action","startdate","enddate","requests","kind","reason"}]</c>.
/// </summary>
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

        if (plan.Omitted.Count > 0)
        {
            WriteOmitted(json, plan.Omitted, baseAddress);
        }
    }

    private static void WriteOmitted(Utf8JsonWriter json, IReadOnlyList<OmittedWindow> omitted, Uri baseAddress)
    {
        json.WriteStartArray("omitted");
        foreach (var window in omitted)
        {
            json.WriteStartObject();
            json.WriteNumberOrNull("userid", window.UserId);
            json.WriteString("url", window.EnumerateRequests().First().GetUri(baseAddress).AbsoluteUri);
            json.WriteString("action", window.Action);
            json.WriteNumber("startdate", window.Start.ToUnixTimeSeconds());
            json.WriteNumber("enddate", window.End.ToUnixTimeSeconds());
            json.WriteNumber("requests", window.RequestCount);
            json.WriteString("kind", NotificationJson.SnakeCase(window.Kind.ToString()));
            json.WriteString("reason", window.Reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
