namespace Withings.Sdk;

/// <summary>How <see cref="FetchPlanner"/> turns notifications into requests.</summary>
/// <remarks>
/// The <c>data_fields</c> lists default to every field Withings documents for each service. Set one to a shorter
/// comma-separated list to fetch less; set it to an empty string to send no <c>data_fields</c> at all, which makes
/// Withings answer with its own default fields. Spaces around the commas are ignored.
/// </remarks>
public sealed class WithingsPlanningOptions
{
    /// <summary>Every documented field of Measure v2 - Getactivity.</summary>
    public const string DefaultActivityDataFields =
        "steps,distance,elevation,soft,moderate,intense,active,calories,totalcalories,hr_average,hr_min,hr_max,hr_zone_0,hr_zone_1,hr_zone_2,hr_zone_3";

    /// <summary>Every documented field of Measure v2 - Getintradayactivity.</summary>
    public const string DefaultIntradayActivityDataFields =
        "steps,elevation,calories,distance,stroke,pool_lap,duration,heart_rate,spo2_auto,rmssd,sdnn1,hrv_quality,core_body_temperature,rr,chest_movement_rate";

    /// <summary>Every documented field of Measure v2 - Getworkouts.</summary>
    public const string DefaultWorkoutsDataFields =
        "calories,intensity,manual_intensity,manual_distance,manual_calories,hr_average,hr_min,hr_max,hr_zone_0,hr_zone_1,hr_zone_2,hr_zone_3,pause_duration,algo_pause_duration,spo2_average,core_body_temperature_avg,core_body_temperature_min,core_body_temperature_max,core_body_temperature_status,steps,distance,elevation,pool_laps,strokes,pool_length";

    /// <summary>Every documented field of Sleep v2 - Get.</summary>
    public const string DefaultSleepDataFields =
        "hr,rr,snoring,sdnn_1,rmssd,hrv_quality,mvt_score,chest_movement_rate,withings_index,breathing_sounds";

    /// <summary>Every documented field of Sleep v2 - Getsummary.</summary>
    public const string DefaultSleepSummaryDataFields =
        "total_timeinbed,total_sleep_time,asleepduration,lightsleepduration,remsleepduration,deepsleepduration,sleep_efficiency,sleep_latency,wakeup_latency,wakeupduration,wakeupcount,waso,nb_rem_episodes,breathing_disturbances_intensity,apnea_hypopnea_index,withings_index,durationtosleep,durationtowakeup,out_of_bed_count,hr_average,hr_min,hr_max,rr_average,rr_min,rr_max,breathing_quality_assessment,snoring,snoringepisodecount,sleep_score,night_events,mvt_score_avg,mvt_active_duration,rmssd_start_avg,rmssd_end_avg,chest_movement_rate_wellness_average,chest_movement_rate_wellness_min,chest_movement_rate_wellness_max,breathing_sounds,breathing_sounds_episode_count,chest_movement_rate_average,chest_movement_rate_min,chest_movement_rate_max,core_body_temperature_min,core_body_temperature_max,core_body_temperature_avg,core_body_temperature_status";

    /// <summary>
    /// How far back to look when a user has no sync cursor, and the cap on the windows of the services that need
    /// dates (intraday activity, sleep) when a notification carries none. Default 24 hours; must not be negative.
    /// </summary>
    public TimeSpan Lookback { get; set; } = TimeSpan.FromHours(24);

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
