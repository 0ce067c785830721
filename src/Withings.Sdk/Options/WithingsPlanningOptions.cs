using System.ComponentModel.DataAnnotations;

namespace Withings.Sdk;

/// <summary>How <see cref="FetchPlanner"/> turns notifications into requests.</summary>
/// <remarks>
/// The <c>data_fields</c> lists default to every field Withings documents for each service. Set one to a shorter
/// comma-separated list to fetch less; set it to an empty string to send no <c>data_fields</c> at all, which makes
/// Withings answer with its own default fields. Spaces around the commas are ignored. The measure-type lists work the
/// same way: comma-separated codes, an empty string sends no <c>meastypes</c> filter (every type). The defaults are
/// properties, not constants, so that code compiled against this version reads the lists of the version it runs
/// with.
/// </remarks>
public sealed class WithingsPlanningOptions
{
    /// <summary>Every documented field of Measure v2 - Getactivity.</summary>
    public static string DefaultActivityDataFields { get; } =
        "steps,distance,elevation,soft,moderate,intense,active,calories,totalcalories,hr_average,hr_min,hr_max,hr_zone_0,hr_zone_1,hr_zone_2,hr_zone_3";

    /// <summary>Every documented field of Measure v2 - Getintradayactivity.</summary>
    public static string DefaultIntradayActivityDataFields { get; } =
        "steps,elevation,calories,distance,stroke,pool_lap,duration,heart_rate,spo2_auto,rmssd,sdnn1,hrv_quality,core_body_temperature,rr,chest_movement_rate";

    /// <summary>Every documented field of Measure v2 - Getworkouts.</summary>
    public static string DefaultWorkoutsDataFields { get; } =
        "calories,intensity,manual_intensity,manual_distance,manual_calories,hr_average,hr_min,hr_max,hr_zone_0,hr_zone_1,hr_zone_2,hr_zone_3,pause_duration,algo_pause_duration,spo2_average,core_body_temperature_avg,core_body_temperature_min,core_body_temperature_max,core_body_temperature_status,steps,distance,elevation,pool_laps,strokes,pool_length";

    /// <summary>Every documented field of Sleep v2 - Get.</summary>
    public static string DefaultSleepDataFields { get; } =
        "hr,rr,snoring,sdnn_1,rmssd,hrv_quality,mvt_score,chest_movement_rate,withings_index,breathing_sounds";

    /// <summary>Every documented field of Sleep v2 - Getsummary.</summary>
    public static string DefaultSleepSummaryDataFields { get; } =
        "total_timeinbed,total_sleep_time,asleepduration,lightsleepduration,remsleepduration,deepsleepduration,sleep_efficiency,sleep_latency,wakeup_latency,wakeupduration,wakeupcount,waso,nb_rem_episodes,breathing_disturbances_intensity,apnea_hypopnea_index,withings_index,durationtosleep,durationtowakeup,out_of_bed_count,hr_average,hr_min,hr_max,rr_average,rr_min,rr_max,breathing_quality_assessment,snoring,snoringepisodecount,sleep_score,night_events,mvt_score_avg,mvt_active_duration,rmssd_start_avg,rmssd_end_avg,chest_movement_rate_wellness_average,chest_movement_rate_wellness_min,chest_movement_rate_wellness_max,breathing_sounds,breathing_sounds_episode_count,chest_movement_rate_average,chest_movement_rate_min,chest_movement_rate_max,core_body_temperature_min,core_body_temperature_max,core_body_temperature_avg,core_body_temperature_status";

    /// <summary>The measure types of a weight notification (appli 1): the body-composition types of Withings' scales.</summary>
    public static string DefaultWeightMeasTypes { get; } = "1,5,6,8,76,77,88,91";

    /// <summary>The measure types of a temperature notification (appli 2): temperature, body and skin temperature.</summary>
    public static string DefaultTemperatureMeasTypes { get; } = "12,71,73";

    /// <summary>The measure types of a blood-pressure notification (appli 4): diastolic, systolic, heart pulse, SpO2.</summary>
    public static string DefaultBloodPressureMeasTypes { get; } = "9,10,11,54";

    /// <summary>The default of <see cref="MaxSplitWindow"/>: 31 days.</summary>
    public static TimeSpan DefaultMaxSplitWindow { get; } = TimeSpan.FromDays(31);

    /// <summary>
    /// How far back to look when a user has no sync cursor, and the cap on the windows of the services that need
    /// dates (intraday activity, sleep) when a notification carries none. Default 24 hours; must not be negative.
    /// </summary>
    [TimeSpanRange("00:00:00.0000001", "366.00:00:00")]
    public TimeSpan Lookback { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The longest part of a window that is cut into 24-hour requests for the two services that need it (Sleep v2 -
    /// Get and Measure v2 - Getintradayactivity): the most recent <see cref="MaxSplitWindow"/> of the window, ending no
    /// later than now. The rest is listed in <see cref="FetchPlan.Omitted"/>, so that a forged or stale window cannot
    /// turn one notification into thousands of requests. Other requests keep the window as sent. Default 31 days;
    /// positive, at most 366 days.
    /// </summary>
    [TimeSpanRange("00:00:00.0000001", "366.00:00:00")]
    public TimeSpan MaxSplitWindow { get; set; } = DefaultMaxSplitWindow;

    /// <summary>
    /// The <c>meastypes</c> of a weight notification (appli 1), comma-separated. Default
    /// <see cref="DefaultWeightMeasTypes"/>; add the codes newer scales send (for example <c>170</c>, visceral fat).
    /// </summary>
    public string WeightMeasTypes { get; set; } = DefaultWeightMeasTypes;

    /// <summary>The <c>meastypes</c> of a temperature notification (appli 2), comma-separated. Default <see cref="DefaultTemperatureMeasTypes"/>.</summary>
    public string TemperatureMeasTypes { get; set; } = DefaultTemperatureMeasTypes;

    /// <summary>The <c>meastypes</c> of a blood-pressure notification (appli 4), comma-separated. Default <see cref="DefaultBloodPressureMeasTypes"/>.</summary>
    public string BloodPressureMeasTypes { get; set; } = DefaultBloodPressureMeasTypes;

    /// <summary>The <c>data_fields</c> of Measure v2 - Getactivity (appli 16). Default: every documented field.</summary>
    public string ActivityDataFields { get; set; } = DefaultActivityDataFields;

    /// <summary>The <c>data_fields</c> of Measure v2 - Getintradayactivity (appli 16). Default: every documented field.</summary>
    public string IntradayActivityDataFields { get; set; } = DefaultIntradayActivityDataFields;

    /// <summary>The <c>data_fields</c> of Measure v2 - Getworkouts (appli 16). Default: every documented field.</summary>
    public string WorkoutsDataFields { get; set; } = DefaultWorkoutsDataFields;

    /// <summary>The <c>data_fields</c> of Sleep v2 - Get (appli 44). Default: every documented field.</summary>
    public string SleepDataFields { get; set; } = DefaultSleepDataFields;

    /// <summary>The <c>data_fields</c> of Sleep v2 - Getsummary (appli 44). Default: every documented field.</summary>
    public string SleepSummaryDataFields { get; set; } = DefaultSleepSummaryDataFields;
}
