using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>One recording of Stetho v2 <c>list</c>: a stethoscope recording, whose sound Stetho v2 <c>get</c> returns.</summary>
public sealed record StethoscopeRecording
{
    /// <summary>The device that took the recording, hashed (see User v2 getdevice) (<c>hash_deviceid</c>).</summary>
    [JsonPropertyName("hash_deviceid")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? HashDeviceId { get; init; }

    /// <summary>The signal's id: Stetho v2 get returns the signal (<c>signalid</c>).</summary>
    [JsonPropertyName("signalid")]
    public long? SignalId { get; init; }

    /// <summary>The valvular heart disease result Withings sends (<c>vhd</c>); Withings documents no values.</summary>
    [JsonPropertyName("vhd")]
    public int? Vhd { get; init; }

    /// <summary>When the recording was taken (<c>timestamp</c>).</summary>
    [JsonPropertyName("timestamp")]
    [JsonConverter(typeof(NullableUnixTimeConverter))]
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>The IANA time zone of the recording, for example <c>Europe/Paris</c> (<c>timezone</c>).</summary>
    [JsonPropertyName("timezone")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? TimeZone { get; init; }

    /// <summary>
    /// The signal of the recording, fetched with Stetho v2 get when <see cref="WithingsFetchOptions.StethoscopeSignals"/>
    /// is on; <see langword="null"/> otherwise, or when that request failed (its result says why).
    /// </summary>
    [JsonIgnore]
    public StethoscopeSignal? Signal { get; init; }

    /// <summary>Every other field Withings sent, kept as JSON.</summary>
    // Internal set: System.Text.Json cannot fill extension data through an init accessor.
    [JsonExtensionData]
    [JsonInclude]
    public IDictionary<string, JsonElement>? AdditionalFields { get; internal set; }
}
