using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;

namespace Withings.Sdk.Tests.Data;

/// <summary>Whatever Withings sends in a row, reading it gives a typed row or a JsonException, nothing else.</summary>
public sealed class FetchPagesPropertyTests
{
    private static readonly string[] Fields = ["grpid", "attrib", "date", "created", "modified", "category", "deviceid", "measures", "value", "unit", "type", "startdate", "enddate", "timestamp", "model"];

    private static readonly string[] Values =
    [
        "0", "-1", "7200", "1594245600", "99999999999999", "-99999999999999999999", "1.5", "1e400", "\"1594245600\"", "\"x\"",
        "\"2020-07-09\"", "null", "true", "[]", "{}", "[{\"value\":7200,\"type\":1,\"unit\":-2}]", "[{\"value\":\"a\"}]", "[1]",
    ];

    private static readonly Gen<string> Row =
        from count in Gen.Choose(0, 6)
        from fields in Gen.ArrayOf(Gen.Elements(Fields), count)
        from values in Gen.ArrayOf(Gen.Elements(Values), count)
        select "{" + string.Join(",", fields.Distinct().Zip(values, (f, v) => $"\"{f}\":{v}")) + "}";

    private static Config Config => Config.QuickThrowOnFailure.WithMaxTest(2000);

    [Test]
    public void AddMeasureGroupsAndSeries_RandomRows_TypedRowsOrJsonException()
    {
        Prop.ForAll(Row.ToArbitrary(), row =>
        {
            using var measures = JsonDocument.Parse("{\"measuregrps\":[" + row + "],\"more\":0}");
            using var series = JsonDocument.Parse("{\"series\":[" + row + "],\"more\":false}");
            return Reads(() => FetchPages.AddMeasureGroups(measures.RootElement, []))
                && Reads(() => FetchPages.AddSeries(series.RootElement, []));
        }).Check(Config);
    }

    [Test]
    public void Value_UnitBetweenMinus28And0_KeepsTheDigitsAndUsesTheUnitAsTheScale()
    {
        // decimal.GetBits: low, mid, high 32-bit words of the magnitude, then the scale in bits 16-23 and the sign in bit 31.
        Prop.ForAll(ArbMap.Default.ArbFor<long>(), Gen.Choose(-28, 0).ToArbitrary(), (raw, unit) =>
        {
            var bits = decimal.GetBits(new Measure { RawValue = raw, Unit = unit }.Value);
            var magnitude = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
            var expected = raw == long.MinValue ? 9_223_372_036_854_775_808UL : (ulong)Math.Abs(raw);
            return magnitude == expected && bits[2] == 0 && ((bits[3] >> 16) & 0xFF) == -unit && (bits[3] < 0) == (raw < 0);
        }).Check(Config);
    }

    private static bool Reads(Action read)
    {
        try
        {
            read();
            return true;
        }
        catch (JsonException)
        {
            return true;
        }
    }
}
