using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>The body of Heart v2 <c>get</c>: the high-frequency signal of one ECG recording.</summary>
public sealed record EcgSignal
{
    /// <summary>The signal in microvolts (µV), one value per sample (<c>signal</c>).</summary>
    [JsonPropertyName("signal")]
    public IReadOnlyList<int>? Signal { get; init; }

    /// <summary>Samples per second (Hz): 500 for a BPM Core, 300 for a Move ECG or a ScanWatch (<c>sampling_frequency</c>).</summary>
    [JsonPropertyName("sampling_frequency")]
    public int? SamplingFrequency { get; init; }

    /// <summary>Where the user wore the device (<c>wearposition</c>).</summary>
    [JsonPropertyName("wearposition")]
    [JsonConverter(typeof(NullableOpenCodeConverter<WearPosition>))]
    public WearPosition? WearPosition { get; init; }

    /// <summary>The source of the recording: 44 BPM Core, 91 Move ECG, … (<c>model</c>).</summary>
    [JsonPropertyName("model")]
    [JsonConverter(typeof(NullableOpenCodeConverter<DeviceModel>))]
    public DeviceModel? Model { get; init; }

    /// <summary>Average heart rate, beats per minute (<c>heart_rate</c>).</summary>
    [JsonPropertyName("heart_rate")]
    public int? HeartRate { get; init; }

    /// <summary>How long the recording lasts: samples over sampling frequency; <see langword="null"/> without both.</summary>
    [JsonIgnore]
    public TimeSpan? Duration => Signal is { } samples && SamplingFrequency is > 0 and var hertz
        ? TimeSpan.FromTicks(samples.Count * TimeSpan.TicksPerSecond / hertz)
        : null;

    /// <summary>Every other field Withings sent, kept as JSON.</summary>
    // Internal set: System.Text.Json cannot fill extension data through an init accessor.
    [JsonExtensionData]
    [JsonInclude]
    public IDictionary<string, JsonElement>? AdditionalFields { get; internal set; }
}
