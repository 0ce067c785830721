using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>The <c>data</c> of a <see cref="Workout"/>: the fields asked for with <c>data_fields</c>.</summary>
public sealed record WorkoutData
{
    /// <summary>Active calories burned, kcal (<c>calories</c>).</summary>
    [JsonPropertyName("calories")]
    public double? Calories { get; init; }

    /// <summary>Intensity from 0 to 100 as entered by the user (0 when not entered) (<c>intensity</c>).</summary>
    [JsonPropertyName("intensity")]
    public int? Intensity { get; init; }

    /// <summary>Intensity from 0 to 100 entered by the user (0 when not entered) (<c>manual_intensity</c>).</summary>
    [JsonPropertyName("manual_intensity")]
    public int? ManualIntensity { get; init; }

    /// <summary>Distance entered by the user, metres (<c>manual_distance</c>).</summary>
    [JsonPropertyName("manual_distance")]
    public double? ManualDistance { get; init; }

    /// <summary>Active calories entered by the user, kcal (<c>manual_calories</c>).</summary>
    [JsonPropertyName("manual_calories")]
    public double? ManualCalories { get; init; }

    /// <summary>Average heart rate, beats per minute (<c>hr_average</c>).</summary>
    [JsonPropertyName("hr_average")]
    public int? HeartRateAverage { get; init; }

    /// <summary>Minimal heart rate, beats per minute (<c>hr_min</c>).</summary>
    [JsonPropertyName("hr_min")]
    public int? HeartRateMin { get; init; }

    /// <summary>Maximal heart rate, beats per minute (<c>hr_max</c>).</summary>
    [JsonPropertyName("hr_max")]
    public int? HeartRateMax { get; init; }

    /// <summary>Time with the heart rate in the light zone (<c>hr_zone_0</c>).</summary>
    [JsonPropertyName("hr_zone_0")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? HeartRateZone0 { get; init; }

    /// <summary>Time with the heart rate in the moderate zone (<c>hr_zone_1</c>).</summary>
    [JsonPropertyName("hr_zone_1")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? HeartRateZone1 { get; init; }

    /// <summary>Time with the heart rate in the intense zone (<c>hr_zone_2</c>).</summary>
    [JsonPropertyName("hr_zone_2")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? HeartRateZone2 { get; init; }

    /// <summary>Time with the heart rate in the maximal zone (<c>hr_zone_3</c>).</summary>
    [JsonPropertyName("hr_zone_3")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? HeartRateZone3 { get; init; }

    /// <summary>Total pause time entered by the user (<c>pause_duration</c>).</summary>
    [JsonPropertyName("pause_duration")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? PauseDuration { get; init; }

    /// <summary>Total pause time detected by the device (swimming only) (<c>algo_pause_duration</c>).</summary>
    [JsonPropertyName("algo_pause_duration")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? AlgoPauseDuration { get; init; }

    /// <summary>Average SpO2 during the workout, % (<c>spo2_average</c>).</summary>
    [JsonPropertyName("spo2_average")]
    public double? SpO2Average { get; init; }

    /// <summary>Average core body temperature, °C (<c>core_body_temperature_avg</c>).</summary>
    [JsonPropertyName("core_body_temperature_avg")]
    public double? CoreBodyTemperatureAverage { get; init; }

    /// <summary>Minimal core body temperature, °C (<c>core_body_temperature_min</c>).</summary>
    [JsonPropertyName("core_body_temperature_min")]
    public double? CoreBodyTemperatureMin { get; init; }

    /// <summary>Maximal core body temperature, °C (<c>core_body_temperature_max</c>).</summary>
    [JsonPropertyName("core_body_temperature_max")]
    public double? CoreBodyTemperatureMax { get; init; }

    /// <summary>Status of the temperature: <c>unknown</c>, <c>usual</c> or <c>elevated</c> (<c>core_body_temperature_status</c>).</summary>
    [JsonPropertyName("core_body_temperature_status")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? CoreBodyTemperatureStatus { get; init; }

    /// <summary>Number of steps (<c>steps</c>).</summary>
    [JsonPropertyName("steps")]
    public int? Steps { get; init; }

    /// <summary>Distance travelled, metres (<c>distance</c>).</summary>
    [JsonPropertyName("distance")]
    public double? Distance { get; init; }

    /// <summary>Floors climbed (<c>elevation</c>).</summary>
    [JsonPropertyName("elevation")]
    public double? Elevation { get; init; }

    /// <summary>Number of pool laps (swimming only) (<c>pool_laps</c>).</summary>
    [JsonPropertyName("pool_laps")]
    public int? PoolLaps { get; init; }

    /// <summary>Number of strokes (swimming only) (<c>strokes</c>).</summary>
    [JsonPropertyName("strokes")]
    public int? Strokes { get; init; }

    /// <summary>Length of the pool (swimming only) (<c>pool_length</c>).</summary>
    [JsonPropertyName("pool_length")]
    public int? PoolLength { get; init; }

    /// <summary>Every other field Withings sent, kept as JSON.</summary>
    // Internal set: System.Text.Json cannot fill extension data through an init accessor.
    [JsonExtensionData]
    [JsonInclude]
    public IDictionary<string, JsonElement>? AdditionalFields { get; internal set; }
}
