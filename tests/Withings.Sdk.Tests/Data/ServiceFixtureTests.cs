using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.Data;

/// <summary>
/// Every service's documented response, walked through the data client: each documented field lands in a typed
/// property (none is left in an extension bag), and writing the typed rows back gives Withings' fields and values.
/// </summary>
public sealed class ServiceFixtureTests
{
    private static IEnumerable<ServiceFixture> Fixtures => ServiceFixture.All;

    [TestCaseSource(nameof(Fixtures))]
    public async Task ExecuteAsync_DocumentedResponse_EveryFieldLandsInATypedPropertyAndWritesBackUnchanged(ServiceFixture fixture)
    {
        using var harness = new Harness();
        harness.Options.Fetch.EcgSignals = false;
        harness.Options.Fetch.StethoscopeSignals = false;
        var text = Fixture.Response(fixture.File);
        harness.Api.ReplyInTurn(fixture.Path, WithingsReply.Json(text));

        var result = await harness.Data.ExecuteAsync(fixture.Request(), "explicit-access");

        result.IsSuccess.Should().BeTrue();
        result.Records.RecordType.Should().Be(fixture.RecordType);
        var expected = ExpectedRows(JsonNode.Parse(text)!["body"]!, fixture);
        result.Records.Count.Should().Be(expected.Count).And.BeGreaterThan(0);
        var records = (IEnumerable)result.Records.GetType().GetProperty("Items")!.GetValue(result.Records)!;
        foreach (var record in records)
        {
            UnmodelledFields(record, fixture.RecordType.Name).Should().BeEmpty("every documented field has a typed property");
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            result.Records.WriteTo(writer);
        }

        var written = JsonNode.Parse(buffer.ToArray())!.AsArray();
        for (var i = 0; i < expected.Count; i++)
        {
            CanonicalJson.Of(written[i]!).Should().Be(CanonicalJson.Of(expected[i]!), "row {0} of {1}", i, fixture.File);
        }
    }

    // The rows as Withings sent them; intraday samples are keyed by timestamp, which the typed row carries as "timestamp".
    private static List<JsonNode> ExpectedRows(JsonNode body, ServiceFixture fixture)
    {
        if (fixture.RowField.Length == 0)
        {
            return [body];
        }

        var rows = body[fixture.RowField]!;
        if (rows is JsonArray array)
        {
            return array.Select(r => r!).ToList();
        }

        return rows.AsObject().Select(entry =>
        {
            var row = entry.Value!.DeepClone().AsObject();
            row["timestamp"] = long.Parse(entry.Key, System.Globalization.CultureInfo.InvariantCulture);
            return (JsonNode)row;
        }).ToList();
    }

    internal static List<string> UnmodelledFields(object? value, string where)
    {
        var found = new List<string>();
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsValueType || value is JsonElement)
        {
            return found;
        }

        if (value is IEnumerable items and not IDictionary)
        {
            foreach (var item in items)
            {
                found.AddRange(UnmodelledFields(item, where + "[]"));
            }

            return found;
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract")
            {
                continue;
            }

            var child = property.GetValue(value);
            if (property.Name == "AdditionalFields")
            {
                if (child is IDictionary<string, JsonElement> extra)
                {
                    found.AddRange(extra.Keys.Select(k => where + "." + k));
                }
            }
            else if (child is not IDictionary)
            {
                found.AddRange(UnmodelledFields(child, where + "." + property.Name));
            }
        }

        return found;
    }
}
