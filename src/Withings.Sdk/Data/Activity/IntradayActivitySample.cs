using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>One sample of Measure v2 <c>getintradayactivity</c>: what a device tracked at one instant.</summary>
public sealed record IntradayActivitySample
{
    /// <summary>The device that tracked the data (see User v2 getdevice) (<c>deviceid</c>).</summary>
    [JsonPropertyName("deviceid")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? DeviceId { get; init; }

    /// <summary>The device model's name, for example <c>ScanWatch</c> (<c>model</c>).</summary>
    [JsonPropertyName("model")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Model { get; init; }

    /// <summary>The device model (<c>model_id</c>).</summary>
    [JsonPropertyName("model_id")]
    [JsonConverter(typeof(NullableOpenCodeConverter<DeviceModel>))]
    public DeviceModel? ModelId { get; init; }

    /// <summary>Number of steps (<c>steps</c>).</summary>
    [JsonPropertyName("steps")]
    public int? Steps { get; init; }

    /// <summary>Floors climbed (<c>elevation</c>).</summary>
    [JsonPropertyName("elevation")]
    public double? Elevation { get; init; }

    /// <summary>Active calories burned, kcal (<c>calories</c>).</summary>
    [JsonPropertyName("calories")]
    public double? Calories { get; init; }

    /// <summary>Distance travelled, metres (<c>distance</c>).</summary>
    [JsonPropertyName("distance")]
    public double? Distance { get; init; }

    /// <summary>Number of strokes (<c>stroke</c>).</summary>
    [JsonPropertyName("stroke")]
    public int? Stroke { get; init; }

    /// <summary>Number of pool laps (<c>pool_lap</c>).</summary>
    [JsonPropertyName("pool_lap")]
    public int? PoolLap { get; init; }

    /// <summary>Duration of the activity (<c>duration</c>).</summary>
    [JsonPropertyName("duration")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? Duration { get; init; }

    /// <summary>Heart rate, beats per minute (<c>heart_rate</c>).</summary>
    [JsonPropertyName("heart_rate")]
    public int? HeartRate { get; init; }

    /// <summary>SpO2 tracked automatically, % (<c>spo2_auto</c>).</summary>
    [JsonPropertyName("spo2_auto")]
    public double? SpO2Auto { get; init; }

    /// <summary>Heart rate variability: root mean square of successive differences, ms (<c>rmssd</c>).</summary>
    [JsonPropertyName("rmssd")]
    public double? Rmssd { get; init; }

    /// <summary>Heart rate variability: standard deviation of NN over 1 minute, ms (<c>sdnn1</c>).</summary>
    [JsonPropertyName("sdnn1")]
    public double? Sdnn1 { get; init; }

    /// <summary>Heart rate variability quality score (<c>hrv_quality</c>).</summary>
    [JsonPropertyName("hrv_quality")]
    public int? HrvQuality { get; init; }

    /// <summary>Core body temperature, °C (<c>core_body_temperature</c>).</summary>
    [JsonPropertyName("core_body_temperature")]
    public double? CoreBodyTemperature { get; init; }

    /// <summary>Respiration rate, breaths per minute (<c>rr</c>).</summary>
    [JsonPropertyName("rr")]
    public int? RespirationRate { get; init; }

    /// <summary>Chest movement rate, events per minute (<c>chest_movement_rate</c>).</summary>
    [JsonPropertyName("chest_movement_rate")]
    public int? ChestMovementRate { get; init; }

    /// <summary>
    /// The instant of the sample: the key Withings files it under in <c>series</c> (written back as
    /// <c>timestamp</c>, the name Withings gives instants elsewhere).
    /// </summary>
    [JsonPropertyName("timestamp")]
    [JsonConverter(typeof(UnixTimeConverter))]
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>Every other field Withings sent, kept as JSON.</summary>
    // Internal set: System.Text.Json cannot fill extension data through an init accessor.
    [JsonExtensionData]
    [JsonInclude]
    public IDictionary<string, JsonElement>? AdditionalFields { get; internal set; }
}
