using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.Data;

/// <summary>
/// Whatever body Withings answers, for whichever service, the data client throws nothing but
/// <see cref="WithingsApiException"/>: documented responses with values swapped for wrong types, nulls, huge numbers
/// and unknown codes, random JSON, and broken envelopes.
/// </summary>
public sealed class AnyResponsePropertyTests
{
    private static readonly string[] Replacements =
    [
        "null", "true", "\"x\"", "\"\"", "\"1594245600\"", "\"2020-13-45\"", "0", "-1", "1.5", "9999", "2147483648",
        "99999999999999", "-99999999999999999999", "1e400", "[]", "{}", "[null]", "[1,\"a\"]", "{\"1\":[\"a\"]}",
        "{\"x\":1}", "{\"99999999999999\":1}",
    ];

    private static readonly string[] Envelopes =
    [
        "", "not json", "{}", "[]", "null", "{\"status\":0}", "{\"status\":0,\"body\":null}", "{\"status\":0,\"body\":[]}",
        "{\"status\":\"0\",\"body\":{}}", "{\"status\":0,\"body\":{\"series\":\"x\",\"more\":true,\"offset\":1}}",
        "{\"status\":0,\"body\":{\"series\":{\"x\":{}}}}", "{\"status\":601,\"body\":{}}", "{\"status\":0,\"body\":{\"more\":1,\"offset\":-5}}",
    ];

    [Test]
    public void ExecuteAsync_DocumentedResponseWithMutatedValues_ThrowsOnlyWithingsApiException()
    {
        var cases =
            from fixture in Gen.Elements(ServiceFixture.All.ToArray())
            from seed in ArbMap.Default.GeneratorFor<int>()
            from count in Gen.Choose(1, 4)
            select (fixture, Mutate(Fixture.Response(fixture.File), seed, count));

        Prop.ForAll(cases.ToArbitrary(), c => ThrowsOnlyApiExceptions(c.fixture, c.Item2)).QuickCheckThrowOnFailure();
    }

    [Test]
    public void ExecuteAsync_RandomJsonOrBrokenEnvelope_ThrowsOnlyWithingsApiException()
    {
        var bodies = Gen.OneOf(Gen.Elements(Envelopes), RandomJson(3).Select(j => "{\"status\":0,\"body\":" + j + "}"));
        var cases =
            from fixture in Gen.Elements(ServiceFixture.All.ToArray())
            from body in bodies
            select (fixture, body);

        Prop.ForAll(cases.ToArbitrary(), c => ThrowsOnlyApiExceptions(c.fixture, c.body)).QuickCheckThrowOnFailure();
    }

    [Test]
    public void ExecuteAsync_RowsWithMutatedValues_EveryRowIsTypedOrKeptRawAndTheResultSucceeds()
    {
        // The documented rows, twice over, with values swapped inside the rows only: however odd a row, it is one
        // row of the result, typed or kept raw, and the response is not an error.
        var cases =
            from fixture in Gen.Elements(ServiceFixture.All.Where(f => f.RowField.Length > 0).ToArray())
            from seed in ArbMap.Default.GeneratorFor<int>()
            from count in Gen.Choose(1, 4)
            select (fixture, seed, count);

        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (body, rows) = MutateRows(Fixture.Response(c.fixture.File), c.fixture.RowField, c.seed, c.count);
            using var harness = new Harness();
            harness.Options.Fetch.EcgSignals = false;
            harness.Options.Fetch.StethoscopeSignals = false;
            harness.Api.ReplyInTurn(c.fixture.Path, WithingsReply.Json(body));
            var result = harness.Data.ExecuteAsync(c.fixture.Request(), "explicit-access").GetAwaiter().GetResult();
            return result.IsSuccess && result.Records.Count + result.UnreadRows.Count == rows
                && result.UnreadRows.All(r => r.Json.ValueKind != System.Text.Json.JsonValueKind.Undefined);
        }).QuickCheckThrowOnFailure();
    }

    private static bool ThrowsOnlyApiExceptions(ServiceFixture fixture, string body)
    {
        using var harness = new Harness();
        harness.Options.Retry.MaxAttempts = 1;
        harness.Options.Fetch.MaxPages = 3;
        harness.Api.ReplyInTurn(fixture.Path, WithingsReply.Json(body));
        try
        {
            var result = harness.Data.ExecuteAsync(fixture.Request(), "explicit-access").GetAwaiter().GetResult();
            return result.IsSuccess && result.FollowUps.All(f => f.Error is null or WithingsApiException);
        }
        catch (WithingsApiException)
        {
            return true;
        }
    }

    // Swaps the values at a few places of the documented body (any depth) for values of another kind.
    private static string Mutate(string json, int seed, int count)
    {
        var random = new Random(seed);
        var root = JsonNode.Parse(json)!;
        for (var i = 0; i < count; i++)
        {
            var places = new List<(JsonNode Parent, string? Name, int Index)>();
            Collect(root["body"]!, places);
            if (places.Count == 0)
            {
                break;
            }

            var (parent, name, index) = places[random.Next(places.Count)];
            var value = JsonNode.Parse(Replacements[random.Next(Replacements.Length)]);
            if (name is not null)
            {
                parent[name] = value;
            }
            else
            {
                parent.AsArray()[index] = value;
            }
        }

        return root.ToJsonString();
    }

    // Doubles the rows (a second copy of each, keyed one second later for rows keyed by instant), then swaps values
    // inside them (a whole row included); returns the body and how many rows it has.
    private static (string Body, int Rows) MutateRows(string json, string rowField, int seed, int count)
    {
        var random = new Random(seed);
        var root = JsonNode.Parse(json)!;
        var rows = root["body"]![rowField]!;
        var places = new List<(JsonNode Parent, string? Name, int Index)>();
        if (rows is JsonArray array)
        {
            foreach (var row in array.ToList())
            {
                array.Add(row!.DeepClone());
            }

            for (var i = 0; i < array.Count; i++)
            {
                places.Add((array, null, i));
                Collect(array[i]!, places);
            }
        }
        else
        {
            var keyed = rows.AsObject();
            foreach (var (key, row) in keyed.ToList())
            {
                keyed[(long.Parse(key, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)] = row!.DeepClone();
            }

            foreach (var (key, row) in keyed.ToList())
            {
                places.Add((keyed, key, -1));
                Collect(row!, places);
            }
        }

        for (var i = 0; i < count; i++)
        {
            var (parent, name, index) = places[random.Next(places.Count)];
            var value = JsonNode.Parse(Replacements[random.Next(Replacements.Length)]);
            if (name is not null)
            {
                parent[name] = value;
            }
            else
            {
                parent.AsArray()[index] = value;
            }

            // A replaced subtree's places are gone: keep only those still attached to the document.
            places.RemoveAll(p => p.Parent.Root != root);
        }

        var total = rows is JsonArray list ? list.Count : rows.AsObject().Count;
        return (root.ToJsonString(), total);
    }

    private static void Collect(JsonNode node, List<(JsonNode, string?, int)> places)
    {
        if (node is JsonObject obj)
        {
            foreach (var (name, child) in obj.ToList())
            {
                places.Add((obj, name, -1));
                if (child is not null)
                {
                    Collect(child, places);
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                places.Add((array, null, i));
                if (array[i] is { } child)
                {
                    Collect(child, places);
                }
            }
        }
    }

    private static Gen<string> RandomJson(int depth)
    {
        var leaf = Gen.Elements(Replacements);
        if (depth == 0)
        {
            return leaf;
        }

        var names = Gen.Elements("series", "measuregrps", "activities", "devices", "answers", "data", "ecg", "signal", "more", "offset", "startdate", "date", "hr", "state", "category", "1594159200", "timezone");
        var member = from name in names from value in RandomJson(depth - 1) select "\"" + name + "\":" + value;
        var obj = Gen.ListOf(member).Select(m => "{" + string.Join(",", m.Take(5).DistinctBy(x => x.Split(':')[0])) + "}");
        var arr = Gen.ListOf(RandomJson(depth - 1)).Select(v => "[" + string.Join(",", v.Take(4)) + "]");
        return Gen.OneOf(leaf, obj, arr);
    }
}
