using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>The <c>data</c> of a <see cref="SleepSummary"/>: the fields asked for with <c>data_fields</c>.</summary>
public sealed record SleepSummaryData
{
    /// <summary>Total time in bed (<c>total_timeinbed</c>).</summary>
    [JsonPropertyName("total_timeinbed")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? TotalTimeInBed { get; init; }

    /// <summary>Total time asleep: light, deep and REM together (<c>total_sleep_time</c>).</summary>
    [JsonPropertyName("total_sleep_time")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? TotalSleepTime { get; init; }

    /// <summary>Time asleep when the night comes from an external source (<c>asleepduration</c>).</summary>
    [JsonPropertyName("asleepduration")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? AsleepDuration { get; init; }

    /// <summary>Time in light sleep (<c>lightsleepduration</c>).</summary>
    [JsonPropertyName("lightsleepduration")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? LightSleepDuration { get; init; }

    /// <summary>Time in REM sleep (<c>remsleepduration</c>).</summary>
    [JsonPropertyName("remsleepduration")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? RemSleepDuration { get; init; }

    /// <summary>Time in deep sleep (<c>deepsleepduration</c>).</summary>
    [JsonPropertyName("deepsleepduration")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? DeepSleepDuration { get; init; }

    /// <summary>Total sleep time over time in bed, a ratio (<c>sleep_efficiency</c>).</summary>
    [JsonPropertyName("sleep_efficiency")]
    public double? SleepEfficiency { get; init; }

    /// <summary>Time in bed before falling asleep (<c>sleep_latency</c>).</summary>
    [JsonPropertyName("sleep_latency")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? SleepLatency { get; init; }

    /// <summary>Time in bed after waking up (<c>wakeup_latency</c>).</summary>
    [JsonPropertyName("wakeup_latency")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? WakeupLatency { get; init; }

    /// <summary>Time awake (<c>wakeupduration</c>).</summary>
    [JsonPropertyName("wakeupduration")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? WakeupDuration { get; init; }

    /// <summary>Times the user woke up in bed (getting out of bed not counted) (<c>wakeupcount</c>).</summary>
    [JsonPropertyName("wakeupcount")]
    public int? WakeupCount { get; init; }

    /// <summary>Time awake in bed after first falling asleep (<c>waso</c>).</summary>
    [JsonPropertyName("waso")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? Waso { get; init; }

    /// <summary>Number of REM phases (<c>nb_rem_episodes</c>).</summary>
    [JsonPropertyName("nb_rem_episodes")]
    public int? RemEpisodes { get; init; }

    /// <summary>Time to sleep (deprecated by Withings) (<c>durationtosleep</c>).</summary>
    [JsonPropertyName("durationtosleep")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? DurationToSleep { get; init; }

    /// <summary>Time to wake up (deprecated by Withings) (<c>durationtowakeup</c>).</summary>
    [JsonPropertyName("durationtowakeup")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? DurationToWakeup { get; init; }

    /// <summary>Times the user got out of bed during the night (<c>out_of_bed_count</c>).</summary>
    [JsonPropertyName("out_of_bed_count")]
    public int? OutOfBedCount { get; init; }

    /// <summary>Average heart rate, beats per minute (<c>hr_average</c>).</summary>
    [JsonPropertyName("hr_average")]
    public int? HeartRateAverage { get; init; }

    /// <summary>Minimal heart rate, beats per minute (<c>hr_min</c>).</summary>
    [JsonPropertyName("hr_min")]
    public int? HeartRateMin { get; init; }

    /// <summary>Maximal heart rate, beats per minute (<c>hr_max</c>).</summary>
    [JsonPropertyName("hr_max")]
    public int? HeartRateMax { get; init; }

    /// <summary>Average respiration rate, breaths per minute (<c>rr_average</c>).</summary>
    [JsonPropertyName("rr_average")]
    public int? RespirationRateAverage { get; init; }

    /// <summary>Minimal respiration rate, breaths per minute (<c>rr_min</c>).</summary>
    [JsonPropertyName("rr_min")]
    public int? RespirationRateMin { get; init; }

    /// <summary>Maximal respiration rate, breaths per minute (<c>rr_max</c>).</summary>
    [JsonPropertyName("rr_max")]
    public int? RespirationRateMax { get; init; }

    /// <summary>Intensity of breathing disturbances (<c>breathing_quality_assessment</c>).</summary>
    [JsonPropertyName("breathing_quality_assessment")]
    public int? BreathingQualityAssessment { get; init; }

    /// <summary>Intensity of breathing disturbances (<c>breathing_disturbances_intensity</c>).</summary>
    [JsonPropertyName("breathing_disturbances_intensity")]
    public int? BreathingDisturbancesIntensity { get; init; }

    /// <summary>Total snoring time (<c>snoring</c>).</summary>
    [JsonPropertyName("snoring")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? Snoring { get; init; }

    /// <summary>Snoring episodes of at least one minute (<c>snoringepisodecount</c>).</summary>
    [JsonPropertyName("snoringepisodecount")]
    public int? SnoringEpisodeCount { get; init; }

    /// <summary>Sleep score (<c>sleep_score</c>).</summary>
    [JsonPropertyName("sleep_score")]
    public int? SleepScore { get; init; }

    /// <summary>Events of the night by type, each an offset from the night's start (<c>night_events</c>).</summary>
    [JsonPropertyName("night_events")]
    [JsonConverter(typeof(NightEventsConverter))]
    public IReadOnlyDictionary<SleepEvent, IReadOnlyList<TimeSpan>>? NightEvents { get; init; }

    /// <summary>Medical-grade apnea-hypopnea index: apnea and hypopnea episodes per hour of sleep (<c>apnea_hypopnea_index</c>).</summary>
    [JsonPropertyName("apnea_hypopnea_index")]
    public int? ApneaHypopneaIndex { get; init; }

    /// <summary>Average movement score in bed, 0 to 255 (<c>mvt_score_avg</c>).</summary>
    [JsonPropertyName("mvt_score_avg")]
    public int? MovementScoreAverage { get; init; }

    /// <summary>Time moving in bed (<c>mvt_active_duration</c>).</summary>
    [JsonPropertyName("mvt_active_duration")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? MovementActiveDuration { get; init; }

    /// <summary>Heart rate variability, start average (<c>rmssd_start_avg</c>).</summary>
    [JsonPropertyName("rmssd_start_avg")]
    public double? RmssdStartAverage { get; init; }

    /// <summary>Heart rate variability, end average (<c>rmssd_end_avg</c>).</summary>
    [JsonPropertyName("rmssd_end_avg")]
    public double? RmssdEndAverage { get; init; }

    /// <summary>Average respiration rate (wellness), breaths per minute (<c>chest_movement_rate_wellness_average</c>).</summary>
    [JsonPropertyName("chest_movement_rate_wellness_average")]
    public int? ChestMovementRateWellnessAverage { get; init; }

    /// <summary>Minimal respiration rate (wellness), breaths per minute (<c>chest_movement_rate_wellness_min</c>).</summary>
    [JsonPropertyName("chest_movement_rate_wellness_min")]
    public int? ChestMovementRateWellnessMin { get; init; }

    /// <summary>Maximal respiration rate (wellness), breaths per minute (<c>chest_movement_rate_wellness_max</c>).</summary>
    [JsonPropertyName("chest_movement_rate_wellness_max")]
    public int? ChestMovementRateWellnessMax { get; init; }

    /// <summary>Breathing events per hour (Withings index) (<c>withings_index</c>).</summary>
    [JsonPropertyName("withings_index")]
    public int? WithingsIndex { get; init; }

    /// <summary>Time with breathing sounds (<c>breathing_sounds</c>).</summary>
    [JsonPropertyName("breathing_sounds")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? BreathingSounds { get; init; }

    /// <summary>Breathing sound episodes of at least one minute (<c>breathing_sounds_episode_count</c>).</summary>
    [JsonPropertyName("breathing_sounds_episode_count")]
    public int? BreathingSoundsEpisodeCount { get; init; }

    /// <summary>Average chest movement rate, events per minute (<c>chest_movement_rate_average</c>).</summary>
    [JsonPropertyName("chest_movement_rate_average")]
    public int? ChestMovementRateAverage { get; init; }

    /// <summary>Minimal chest movement rate, events per minute (<c>chest_movement_rate_min</c>).</summary>
    [JsonPropertyName("chest_movement_rate_min")]
    public int? ChestMovementRateMin { get; init; }

    /// <summary>Maximal chest movement rate, events per minute (<c>chest_movement_rate_max</c>).</summary>
    [JsonPropertyName("chest_movement_rate_max")]
    public int? ChestMovementRateMax { get; init; }

    /// <summary>Minimal core body temperature, °C (<c>core_body_temperature_min</c>).</summary>
    [JsonPropertyName("core_body_temperature_min")]
    public double? CoreBodyTemperatureMin { get; init; }

    /// <summary>Maximal core body temperature, °C (<c>core_body_temperature_max</c>).</summary>
    [JsonPropertyName("core_body_temperature_max")]
    public double? CoreBodyTemperatureMax { get; init; }

    /// <summary>Average core body temperature, °C (<c>core_body_temperature_avg</c>).</summary>
    [JsonPropertyName("core_body_temperature_avg")]
    public double? CoreBodyTemperatureAverage { get; init; }

    /// <summary>Status of the temperature: <c>unknown</c>, <c>usual</c> or <c>elevated</c> (<c>core_body_temperature_status</c>).</summary>
    [JsonPropertyName("core_body_temperature_status")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? CoreBodyTemperatureStatus { get; init; }

    /// <summary>Every other field Withings sent, kept as JSON.</summary>
    // Internal set: System.Text.Json cannot fill extension data through an init accessor.
    [JsonExtensionData]
    [JsonInclude]
    public IDictionary<string, JsonElement>? AdditionalFields { get; internal set; }
}
