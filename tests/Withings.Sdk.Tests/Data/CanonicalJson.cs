using System.Text.Json.Nodes;

namespace Withings.Sdk.Tests.Data;

/// <summary>JSON compared as the SDK writes rows: keys sorted, fields sent as <c>null</c> left out.</summary>
public static class CanonicalJson
{
    public static string Of(JsonNode node) => Sorted(node).ToJsonString();

    private static JsonNode Sorted(JsonNode node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Sorted(p.Value!)))),
        JsonArray array => new JsonArray(array.Select(n => n is null ? null : Sorted(n)).ToArray()),
        _ => node.DeepClone(),
    };
}
