using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>One segment of Sleep v2 <c>get</c>: a period in one sleep state, with the high-frequency series recorded during it.</summary>
public sealed record SleepSegment
{
    /// <summary>When the segment started (<c>startdate</c>).</summary>
    [JsonPropertyName("startdate")]
    [JsonConverter(typeof(NullableUnixTimeConverter))]
    public DateTimeOffset? StartDate { get; init; }

    /// <summary>When the segment ended (<c>enddate</c>).</summary>
    [JsonPropertyName("enddate")]
    [JsonConverter(typeof(NullableUnixTimeConverter))]
    public DateTimeOffset? EndDate { get; init; }

    /// <summary>The sleep state (<c>state</c>).</summary>
    [JsonPropertyName("state")]
    [JsonConverter(typeof(NullableOpenCodeConverter<SleepState>))]
    public SleepState? State { get; init; }

    /// <summary>The device model's name, for example <c>Aura Sensor V2</c> (<c>model</c>).</summary>
    [JsonPropertyName("model")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Model { get; init; }

    /// <summary>The device model (<c>model_id</c>).</summary>
    [JsonPropertyName("model_id")]
    [JsonConverter(typeof(NullableOpenCodeConverter<DeviceModel>))]
    public DeviceModel? ModelId { get; init; }

    /// <summary>Heart rate by instant, beats per minute (<c>hr</c>).</summary>
    [JsonPropertyName("hr")]
    [JsonConverter(typeof(TimedValuesConverter))]
    public IReadOnlyDictionary<DateTimeOffset, double>? HeartRate { get; init; }

    /// <summary>Respiration rate by instant, breaths per minute (<c>rr</c>).</summary>
    [JsonPropertyName("rr")]
    [JsonConverter(typeof(TimedValuesConverter))]
    public IReadOnlyDictionary<DateTimeOffset, double>? RespirationRate { get; init; }

    /// <summary>Snoring by instant, seconds (<c>snoring</c>).</summary>
    [JsonPropertyName("snoring")]
    [JsonConverter(typeof(TimedValuesConverter))]
    public IReadOnlyDictionary<DateTimeOffset, double>? Snoring { get; init; }

    /// <summary>Heart rate variability (standard deviation of NN over 1 minute) by instant, ms (<c>sdnn_1</c>).</summary>
    [JsonPropertyName("sdnn_1")]
    [JsonConverter(typeof(TimedValuesConverter))]
    public IReadOnlyDictionary<DateTimeOffset, double>? Sdnn1 { get; init; }

    /// <summary>Heart rate variability (root mean square of successive differences) by instant, ms (<c>rmssd</c>).</summary>
    [JsonPropertyName("rmssd")]
    [JsonConverter(typeof(TimedValuesConverter))]
    public IReadOnlyDictionary<DateTimeOffset, double>? Rmssd { get; init; }

    /// <summary>Heart rate variability quality score by instant (<c>hrv_quality</c>).</summary>
    [JsonPropertyName("hrv_quality")]
    [JsonConverter(typeof(TimedValuesConverter))]
    public IReadOnlyDictionary<DateTimeOffset, double>? HrvQuality { get; init; }

    /// <summary>Movement intensity in bed by instant, 0 to 255 (<c>mvt_score</c>).</summary>
    [JsonPropertyName("mvt_score")]
    [JsonConverter(typeof(TimedValuesConverter))]
    public IReadOnlyDictionary<DateTimeOffset, double>? MovementScore { get; init; }

    /// <summary>Chest movement rate by instant, events per minute (<c>chest_movement_rate</c>).</summary>
    [JsonPropertyName("chest_movement_rate")]
    [JsonConverter(typeof(TimedValuesConverter))]
    public IReadOnlyDictionary<DateTimeOffset, double>? ChestMovementRate { get; init; }

    /// <summary>Breathing events per hour (Withings index) by instant (<c>withings_index</c>).</summary>
    [JsonPropertyName("withings_index")]
    [JsonConverter(typeof(TimedValuesConverter))]
    public IReadOnlyDictionary<DateTimeOffset, double>? WithingsIndex { get; init; }

    /// <summary>Breathing sounds by instant, seconds (<c>breathing_sounds</c>).</summary>
    [JsonPropertyName("breathing_sounds")]
    [JsonConverter(typeof(TimedValuesConverter))]
    public IReadOnlyDictionary<DateTimeOffset, double>? BreathingSounds { get; init; }

    /// <summary>Every other field Withings sent, kept as JSON.</summary>
    // Internal set: System.Text.Json cannot fill extension data through an init accessor.
    [JsonExtensionData]
    [JsonInclude]
    public IDictionary<string, JsonElement>? AdditionalFields { get; internal set; }
}
