using Microsoft.Extensions.Options;

namespace Withings.Sdk;

/// <summary>
/// <see cref="WithingsPlanningOptions"/> checked and normalised once, then reused until the options change (a
/// configuration reload gives a new options instance; a property set on the same instance is seen too).
/// </summary>
internal sealed class PlanningSettings
{
    private readonly WithingsPlanningOptions _source;
    private readonly TimeSpan _lookback;
    private readonly TimeSpan _maxSplitWindow;
    private readonly TimeSpan _lateness;
    private readonly string? _weight;
    private readonly string? _temperature;
    private readonly string? _bloodPressure;
    private readonly string? _activity;
    private readonly string? _intraday;
    private readonly string? _workouts;
    private readonly string? _sleep;
    private readonly string? _summary;

    private PlanningSettings(WithingsPlanningOptions source, bool validated)
    {
        _source = source;
        _lookback = source.Lookback;
        _maxSplitWindow = source.MaxSplitWindow;
        _lateness = source.Lateness;
        _weight = source.WeightMeasTypes;
        _temperature = source.TemperatureMeasTypes;
        _bloodPressure = source.BloodPressureMeasTypes;
        _activity = source.ActivityDataFields;
        _intraday = source.IntradayActivityDataFields;
        _workouts = source.WorkoutsDataFields;
        _sleep = source.SleepDataFields;
        _summary = source.SleepSummaryDataFields;

        // Options from the options system were checked when it created them; others (a planner built by hand) are
        // checked here, by the same rules: the ranges keep one notification's plan within a few hundred requests.
        if (!validated)
        {
            var failures = new List<string>();
            var result = new WithingsPlanningOptionsValidator().Validate(Options.DefaultName, source);
            if (result.Failed)
            {
                failures.AddRange(result.Failures);
            }

            PlanningMeasTypeRules.Check(source, failures);
            if (failures.Count > 0)
            {
                throw new OptionsValidationException(Options.DefaultName, typeof(WithingsOptions), failures);
            }
        }

        LookbackSeconds = (long)_lookback.TotalSeconds;
        MaxSplitSeconds = (long)_maxSplitWindow.TotalSeconds;
        MaxSplitWindow = _maxSplitWindow;
        Lookback = _lookback;
        LatenessSeconds = (long)_lateness.TotalSeconds;
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

    public TimeSpan Lookback { get; }

    public long LatenessSeconds { get; }

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

    /// <summary>The settings of <paramref name="options"/>: <paramref name="cached"/> when it still describes them.</summary>
    /// <param name="options">The planning options in use.</param>
    /// <param name="cached">The settings of the previous call, if any.</param>
    /// <param name="validated">Whether the options system validated <paramref name="options"/> when it created them.</param>
    public static PlanningSettings For(WithingsPlanningOptions options, PlanningSettings? cached, bool validated)
    {
        if (cached is not null && cached.Describes(options))
        {
            return cached;
        }

        // A property changed on an instance already in use was never seen by the options system's validation.
        var changedInPlace = cached is not null && ReferenceEquals(cached._source, options);
        return new PlanningSettings(options, validated && !changedInPlace);
    }

    private bool Describes(WithingsPlanningOptions options) =>
        ReferenceEquals(options, _source)
        && options.Lookback == _lookback
        && options.MaxSplitWindow == _maxSplitWindow
        && options.Lateness == _lateness
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
