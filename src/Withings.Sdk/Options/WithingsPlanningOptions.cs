using System.ComponentModel.DataAnnotations;

namespace Withings.Sdk;

/// <summary>How <see cref="FetchPlanner"/> turns notifications into requests.</summary>
/// <remarks>
/// The <c>data_fields</c> lists default to every field Withings documents for each service. Set one to a shorter
/// comma-separated list to fetch less; set it to an empty string to send no <c>data_fields</c> at all, which makes
/// Withings answer with its own default fields. Spaces around the commas are ignored. The measure-type lists are the
/// other way round: empty by default, which sends no <c>meastypes</c> filter, so Withings returns every type it holds
/// (newer scales send types no fixed list knew of); a comma-separated list of codes asks for those types only. The
/// default lists are properties, not constants, so that code compiled against this version reads the lists of the
/// version it runs with.
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

    /// <summary>The default of <see cref="MaxSplitWindow"/>: 31 days.</summary>
    public static TimeSpan DefaultMaxSplitWindow { get; } = TimeSpan.FromDays(31);

    /// <summary>The default of <see cref="Lateness"/>: 7 days.</summary>
    public static TimeSpan DefaultLateness { get; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How far back to look when a user has no sync cursor, and the cap on the windows of the services that need
    /// dates (intraday activity, sleep) when a notification carries none: what an older cursor would add is listed in
    /// <see cref="FetchPlan.Omitted"/> (<see cref="OmittedWindowKind.OlderThanLookback"/>), not planned. Default 24
    /// hours; positive, at most 366 days.
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
    /// How far before the sync cursor the window-less Heart v2 - List (appli 54) and Stetho v2 - List (appli 61) reach:
    /// <c>startdate</c> is the cursor minus this, <c>enddate</c> now. These lists filter by recording time and have no
    /// <c>lastupdate</c>, and a watch that syncs hours after a recording uploads it with a time older than the cursor;
    /// the lists are paged, so a longer reach costs no extra request when there is nothing in it. Default 7 days; from
    /// zero to 366 days.
    /// </summary>
    [TimeSpanRange("00:00:00", "366.00:00:00")]
    public TimeSpan Lateness { get; set; } = DefaultLateness;

    /// <summary>
    /// The <c>meastypes</c> filter of a weight notification (appli 1), comma-separated codes. Empty (the default): no
    /// filter, every type Withings holds, including the body-composition types of newer scales (for example 170,
    /// visceral fat). With no filter on any of appli 1, 2 and 4, their notifications of one window share one request in
    /// a batch.
    /// </summary>
    public string WeightMeasTypes { get; set; } = string.Empty;

    /// <summary>The <c>meastypes</c> filter of a temperature notification (appli 2), comma-separated codes. Empty (the default): every type.</summary>
    public string TemperatureMeasTypes { get; set; } = string.Empty;

    /// <summary>The <c>meastypes</c> filter of a blood-pressure notification (appli 4), comma-separated codes. Empty (the default): every type.</summary>
    public string BloodPressureMeasTypes { get; set; } = string.Empty;

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
