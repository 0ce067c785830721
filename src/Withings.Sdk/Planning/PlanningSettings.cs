using Microsoft.Extensions.Options;

namespace Withings.Sdk;

/// <summary>
/// <see cref="WithingsPlanningOptions"/> checked and normalised once, then reused until the options change (a
/// configuration reload gives a new options instance; a property set on the same instance is seen too).
/// </summary>
internal sealed class PlanningSettings
{
    private static readonly TimeSpan MaxLookback = TimeSpan.FromDays(366);

    private readonly WithingsPlanningOptions _source;
    private readonly TimeSpan _lookback;
    private readonly string? _activity;
    private readonly string? _intraday;
    private readonly string? _workouts;
    private readonly string? _sleep;
    private readonly string? _summary;

    private PlanningSettings(WithingsPlanningOptions source)
    {
        _source = source;
        _lookback = source.Lookback;
        _activity = source.ActivityDataFields;
        _intraday = source.IntradayActivityDataFields;
        _workouts = source.WorkoutsDataFields;
        _sleep = source.SleepDataFields;
        _summary = source.SleepSummaryDataFields;

        if (_lookback <= TimeSpan.Zero || _lookback > MaxLookback)
        {
            throw new OptionsValidationException(
                Options.DefaultName,
                typeof(WithingsOptions),
                [$"Withings:Planning:Lookback: {_lookback} is out of range; it must be positive and at most 366 days (default 1.00:00:00)."]);
        }

        LookbackSeconds = (long)_lookback.TotalSeconds;
        ActivityDataFields = Normalize(_activity);
        IntradayActivityDataFields = Normalize(_intraday);
        WorkoutsDataFields = Normalize(_workouts);
        SleepDataFields = Normalize(_sleep);
        SleepSummaryDataFields = Normalize(_summary);
    }

    public long LookbackSeconds { get; }

    // A null list means: send no data_fields.
    public string? ActivityDataFields { get; }

    public string? IntradayActivityDataFields { get; }

    public string? WorkoutsDataFields { get; }

    public string? SleepDataFields { get; }

    public string? SleepSummaryDataFields { get; }

    public static PlanningSettings For(WithingsPlanningOptions options, PlanningSettings? cached) =>
        cached is not null && cached.Describes(options) ? cached : new PlanningSettings(options);

    private bool Describes(WithingsPlanningOptions options) =>
        ReferenceEquals(options, _source)
        && options.Lookback == _lookback
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
