using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>The <c>stetho</c> of an <see cref="EcgRecording"/>: a stethoscope recording.</summary>
public sealed record StethoscopeResult
{
    /// <summary>The signal's id (<c>signalid</c>).</summary>
    [JsonPropertyName("signalid")]
    public long? SignalId { get; init; }

    /// <summary>The valvular heart disease result Withings sends (<c>vhd</c>).</summary>
    [JsonPropertyName("vhd")]
    public int? Vhd { get; init; }

    /// <summary>Every other field Withings sent, kept as JSON.</summary>
    // Internal set: System.Text.Json cannot fill extension data through an init accessor.
    [JsonExtensionData]
    [JsonInclude]
    public IDictionary<string, JsonElement>? AdditionalFields { get; internal set; }
}
