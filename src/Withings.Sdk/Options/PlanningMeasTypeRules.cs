using System.Globalization;

namespace Withings.Sdk;

/// <summary>
/// The rule for the measure-type lists of <see cref="WithingsPlanningOptions"/> that attributes cannot express: each is
/// comma-separated positive numbers. Kept beside the options so that both the options validator and the planner's own
/// check use it without the options folder depending on the planner.
/// </summary>
internal static class PlanningMeasTypeRules
{
    /// <summary>Adds one message per measure-type list that is not comma-separated codes, naming its configuration key.</summary>
    public static void Check(WithingsPlanningOptions options, List<string> failures)
    {
        Check(options.WeightMeasTypes, "WeightMeasTypes", failures);
        Check(options.TemperatureMeasTypes, "TemperatureMeasTypes", failures);
        Check(options.BloodPressureMeasTypes, "BloodPressureMeasTypes", failures);
    }

    private static void Check(string? codes, string key, List<string> failures)
    {
        if (codes is null)
        {
            return;
        }

        foreach (var part in codes.Split(','))
        {
            var code = part.Trim();
            if (code.Length > 0 && !(int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0))
            {
                failures.Add($"Withings:Planning:{key}: '{(code.Length > 16 ? code.Remove(16) + "…" : code)}' is not a measure type code; use comma-separated positive numbers, for example 1,5,6");
                return;
            }
        }
    }
}
