using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Withings.Sdk.Sample.Demo;

/// <summary>The Withings response envelope, always HTTP 200 (docs/withings-api.md §2).</summary>
internal static class Envelope
{
    public static IResult Ok(JsonObject body) => Json(new JsonObject { ["status"] = 0, ["body"] = body });

    public static IResult Error(int status, string error) =>
        Json(new JsonObject { ["status"] = status, ["body"] = new JsonObject(), ["error"] = error });

    private static IResult Json(JsonObject envelope) => Results.Text(envelope.ToJsonString(), "application/json");
}
