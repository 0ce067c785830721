namespace Withings.Sdk.Tests.Planning;

/// <summary>The full documented <c>data_fields</c> lists, copied from docs/withings-api.md §4.</summary>
internal static class DataFields
{
    public const string Activity = "steps,distance,elevation,soft,moderate,intense,active,calories,totalcalories,hr_average,hr_min,hr_max,hr_zone_0,hr_zone_1,hr_zone_2,hr_zone_3";

    public const string Intraday = "steps,elevation,calories,distance,stroke,pool_lap,duration,heart_rate,spo2_auto,rmssd,sdnn1,hrv_quality,core_body_temperature,rr,chest_movement_rate";

    public const string Workouts = "calories,intensity,manual_intensity,manual_distance,manual_calories,hr_average,hr_min,hr_max,hr_zone_0,hr_zone_1,hr_zone_2,hr_zone_3,pause_duration,algo_pause_duration,spo2_average,core_body_temperature_avg,core_body_temperature_min,core_body_temperature_max,core_body_temperature_status,steps,distance,elevation,pool_laps,strokes,pool_length";

    public const string Sleep = "hr,rr,snoring,sdnn_1,rmssd,hrv_quality,mvt_score,chest_movement_rate,withings_index,breathing_sounds";

    public const string Summary = "total_timeinbed,total_sleep_time,asleepduration,lightsleepduration,remsleepduration,deepsleepduration,sleep_efficiency,sleep_latency,wakeup_latency,wakeupduration,wakeupcount,waso,nb_rem_episodes,breathing_disturbances_intensity,apnea_hypopnea_index,withings_index,durationtosleep,durationtowakeup,out_of_bed_count,hr_average,hr_min,hr_max,rr_average,rr_min,rr_max,breathing_quality_assessment,snoring,snoringepisodecount,sleep_score,night_events,mvt_score_avg,mvt_active_duration,rmssd_start_avg,rmssd_end_avg,chest_movement_rate_wellness_average,chest_movement_rate_wellness_min,chest_movement_rate_wellness_max,breathing_sounds,breathing_sounds_episode_count,chest_movement_rate_average,chest_movement_rate_min,chest_movement_rate_max,core_body_temperature_min,core_body_temperature_max,core_body_temperature_avg,core_body_temperature_status";
}
