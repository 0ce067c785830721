using System.Globalization;

namespace Withings.Sdk.Sample.Demo;

/// <summary>
/// The demo's last step: the plan of Withings' documented example run against the look-alike by <see cref="IWithingsDataClient"/>,
/// with the values it reads (<c>value × 10^unit</c>, docs/withings-api.md §4).
/// </summary>
internal static class ExecutionSection
{
    // docs/withings-api.md §5.
    private static readonly Dictionary<MeasureType, string> Units = new()
    {
        [MeasureType.Weight] = "kg",
        [MeasureType.FatFreeMass] = "kg",
        [MeasureType.FatRatio] = "%",
        [MeasureType.FatMass] = "kg",
        [MeasureType.MuscleMass] = "kg",
        [MeasureType.Hydration] = "kg",
        [MeasureType.BoneMass] = "kg",
        [MeasureType.PulseWaveVelocity] = "m/s",
        [MeasureType.DiastolicBloodPressure] = "mmHg",
        [MeasureType.SystolicBloodPressure] = "mmHg",
        [MeasureType.HeartPulse] = "bpm",
    };

    public static async Task WriteAsync(DemoText text, IWithingsDataClient client, FetchPlan plan, string accessToken, CancellationToken cancellationToken)
    {
        foreach (var result in await client.ExecuteAsync(plan, accessToken, cancellationToken))
        {
            PlanTable.WriteRequest(text, result.Request);
            if (result.Error is { } error)
            {
                text.Wrap("       failed:", error.Message.Split(' '), 9);
                continue;
            }

            var rows = result.MeasureGroups.Count > 0 ? Count(result.MeasureGroups.Count, "measure group") : Count(result.Rows, "row");
            text.Line($"       ok: {Count(result.Pages, "page")}, {rows}");
            foreach (var group in result.MeasureGroups)
            {
                text.Line($"       measured {group.Date.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture)} (group {group.GroupId.ToString(CultureInfo.InvariantCulture)})");
                foreach (var measure in group.Measures)
                {
                    var unit = Units.TryGetValue(measure.Type, out var known) ? known : string.Empty;
                    text.Line($"         {(int)measure.Type,3} {Name(measure.Type),-22} {measure.Value.ToString(CultureInfo.InvariantCulture),8} {unit}".TrimEnd());
                }
            }
        }
    }

    private static string Count(int count, string noun) =>
        $"{count.ToString(CultureInfo.InvariantCulture)} {noun}{(count == 1 ? string.Empty : "s")}";

    /// <summary><c>FatFreeMass</c> as <c>fat free mass</c>; a type the SDK does not name stays a number.</summary>
    private static string Name(MeasureType type) =>
        string.Concat(type.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? " " + c : c.ToString())).ToLowerInvariant();
}
