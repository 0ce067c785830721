using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>The <c>bloodpressure</c> of an <see cref="EcgRecording"/> taken with a BPM Core.</summary>
public sealed record BloodPressureReading
{
    /// <summary>Diastolic pressure (<c>diastole</c>).</summary>
    [JsonPropertyName("diastole")]
    public int? Diastole { get; init; }

    /// <summary>Systolic pressure (<c>systole</c>).</summary>
    [JsonPropertyName("systole")]
    public int? Systole { get; init; }

    /// <summary>Every other field Withings sent, kept as JSON.</summary>
    // Internal set: System.Text.Json cannot fill extension data through an init accessor.
    [JsonExtensionData]
    [JsonInclude]
    public IDictionary<string, JsonElement>? AdditionalFields { get; internal set; }
}
