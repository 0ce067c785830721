using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>One recording of Heart v2 <c>list</c>: an ECG with its classification, and the blood pressure taken with it on a BPM Core.</summary>
public sealed record EcgRecording
{
    /// <summary>The device that took the recording (see User v2 getdevice) (<c>deviceid</c>).</summary>
    [JsonPropertyName("deviceid")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? DeviceId { get; init; }

    /// <summary>The source of the recording: 44 BPM Core, 91 Move ECG, … (<c>model</c>).</summary>
    [JsonPropertyName("model")]
    [JsonConverter(typeof(NullableOpenCodeConverter<DeviceModel>))]
    public DeviceModel? Model { get; init; }

    /// <summary>The ECG: signal id and classification (<c>ecg</c>).</summary>
    [JsonPropertyName("ecg")]
    public EcgResult? Ecg { get; init; }

    /// <summary>The blood pressure taken with the ECG (<c>bloodpressure</c>).</summary>
    [JsonPropertyName("bloodpressure")]
    public BloodPressureReading? BloodPressure { get; init; }

    /// <summary>The stethoscope recording (<c>stetho</c>).</summary>
    [JsonPropertyName("stetho")]
    public StethoscopeResult? Stethoscope { get; init; }

    /// <summary>Average heart rate, beats per minute (<c>heart_rate</c>).</summary>
    [JsonPropertyName("heart_rate")]
    public int? HeartRate { get; init; }

    /// <summary>When the recording was last modified (<c>modified</c>).</summary>
    [JsonPropertyName("modified")]
    [JsonConverter(typeof(NullableUnixTimeConverter))]
    public DateTimeOffset? Modified { get; init; }

    /// <summary>When the recording was taken (<c>timestamp</c>).</summary>
    [JsonPropertyName("timestamp")]
    [JsonConverter(typeof(NullableUnixTimeConverter))]
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>
    /// The signal of <see cref="Ecg"/>, fetched with Heart v2 get when <see cref="WithingsFetchOptions.EcgSignals"/>
    /// is on; <see langword="null"/> otherwise, or when that request failed (its result says why).
    /// </summary>
    [JsonIgnore]
    public EcgSignal? Signal { get; init; }

    /// <summary>Every other field Withings sent, kept as JSON.</summary>
    // Internal set: System.Text.Json cannot fill extension data through an init accessor.
    [JsonExtensionData]
    [JsonInclude]
    public IDictionary<string, JsonElement>? AdditionalFields { get; internal set; }
}
