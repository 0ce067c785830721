using System.Globalization;
using Microsoft.Extensions.Options;

namespace Withings.Sdk;

/// <summary>
/// <see cref="WithingsPlanningOptions"/> checked and normalised once, then reused until the options change (a
/// configuration reload gives a new options instance; a property set on the same instance is seen too).
/// </summary>
internal sealed class PlanningSettings
{
    // Both caps keep one notification's plan within a few hundred requests whatever the configuration says.
    private static readonly TimeSpan MaxLookback = TimeSpan.FromDays(366);
    private static readonly TimeSpan MaxMaxSplitWindow = TimeSpan.FromDays(366);

    private readonly WithingsPlanningOptions _source;
    private readonly TimeSpan _lookback;
    private readonly TimeSpan _maxSplitWindow;
    private readonly string? _weight;
    private readonly string? _temperature;
    private readonly string? _bloodPressure;
    private readonly string? _activity;
    private readonly string? _intraday;
    private readonly string? _workouts;
    private readonly string? _sleep;
    private readonly string? _summary;

    private PlanningSettings(WithingsPlanningOptions source)
    {
        _source = source;
        _lookback = source.Lookback;
        _maxSplitWindow = source.MaxSplitWindow;
        _weight = source.WeightMeasTypes;
        _temperature = source.TemperatureMeasTypes;
        _bloodPressure = source.BloodPressureMeasTypes;
        _activity = source.ActivityDataFields;
        _intraday = source.IntradayActivityDataFields;
        _workouts = source.WorkoutsDataFields;
        _sleep = source.SleepDataFields;
        _summary = source.SleepSummaryDataFields;

        var failures = new List<string>();
        Validate(source, failures);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(WithingsOptions), failures);
        }

        LookbackSeconds = (long)_lookback.TotalSeconds;
        MaxSplitSeconds = (long)_maxSplitWindow.TotalSeconds;
        MaxSplitWindow = _maxSplitWindow;
        WeightMeasTypes = Normalize(_weight);
        TemperatureMeasTypes = Normalize(_temperature);
        BloodPressureMeasTypes = Normalize(_bloodPressure);
        ActivityDataFields = Normalize(_activity);
        IntradayActivityDataFields = Normalize(_intraday);
        WorkoutsDataFields = Normalize(_workouts);
        SleepDataFields = Normalize(_sleep);
        SleepSummaryDataFields = Normalize(_summary);
    }

    public long LookbackSeconds { get; }

    public long MaxSplitSeconds { get; }

    public TimeSpan MaxSplitWindow { get; }

    // A null list means: send no meastypes (every type).
    public string? WeightMeasTypes { get; }

    public string? TemperatureMeasTypes { get; }

    public string? BloodPressureMeasTypes { get; }

    // A null list means: send no data_fields.
    public string? ActivityDataFields { get; }

    public string? IntradayActivityDataFields { get; }

    public string? WorkoutsDataFields { get; }

    public string? SleepDataFields { get; }

    public string? SleepSummaryDataFields { get; }

    public static PlanningSettings For(WithingsPlanningOptions options, PlanningSettings? cached) =>
        cached is not null && cached.Describes(options) ? cached : new PlanningSettings(options);

    /// <summary>Adds one message per bad planning option, each naming its configuration key.</summary>
    public static void Validate(WithingsPlanningOptions options, List<string> failures)
    {
        CheckDuration(options.Lookback, "Lookback", MaxLookback, "1.00:00:00", failures);
        CheckDuration(options.MaxSplitWindow, "MaxSplitWindow", MaxMaxSplitWindow, "31.00:00:00", failures);
        CheckMeasTypes(options.WeightMeasTypes, "WeightMeasTypes", failures);
        CheckMeasTypes(options.TemperatureMeasTypes, "TemperatureMeasTypes", failures);
        CheckMeasTypes(options.BloodPressureMeasTypes, "BloodPressureMeasTypes", failures);
    }

    private static void CheckDuration(TimeSpan value, string key, TimeSpan max, string defaultValue, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"Withings:Planning:{key}: must be more than 0");
        }
        else if (value > max)
        {
            failures.Add($"Withings:Planning:{key}: {value} is more than {max.TotalDays:0} days, the most allowed (default {defaultValue})");
        }
    }

    private static void CheckMeasTypes(string? codes, string key, List<string> failures)
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

    private bool Describes(WithingsPlanningOptions options) =>
        ReferenceEquals(options, _source)
        && options.Lookback == _lookback
        && options.MaxSplitWindow == _maxSplitWindow
        && ReferenceEquals(options.WeightMeasTypes, _weight)
        && ReferenceEquals(options.TemperatureMeasTypes, _temperature)
        && ReferenceEquals(options.BloodPressureMeasTypes, _bloodPressure)
        && ReferenceEquals(options.ActivityDataFields, _activity)
        && ReferenceEquals(options.IntradayActivityDataFields, _intraday)
        && ReferenceEquals(options.WorkoutsDataFields, _workouts)
        && ReferenceEquals(options.SleepDataFields, _sleep)
        && ReferenceEquals(options.SleepSummaryDataFields, _summary);

    private static string? Normalize(string? fields)
    {
        if (fields is null)
        {
            return null;
        }

        var parts = fields.Split(',');
        var kept = new List<string>(parts.Length);
        foreach (var part in parts)
        {
            var name = part.Trim();
            if (name.Length > 0)
            {
                kept.Add(name);
            }
        }

        return kept.Count == 0 ? null : string.Join(",", kept);
    }
}
