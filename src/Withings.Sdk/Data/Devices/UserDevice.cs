using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>One device of User v2 <c>getdevice</c>: a device linked to the user's account.</summary>
public sealed record UserDevice
{
    /// <summary>The kind of device, for example <c>Scale</c> or <c>Activity Tracker</c> (<c>type</c>).</summary>
    [JsonPropertyName("type")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Type { get; init; }

    /// <summary>The device model's name, for example <c>Body Cardio</c> (<c>model</c>).</summary>
    [JsonPropertyName("model")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Model { get; init; }

    /// <summary>The device model (<c>model_id</c>).</summary>
    [JsonPropertyName("model_id")]
    [JsonConverter(typeof(NullableOpenCodeConverter<DeviceModel>))]
    public DeviceModel? ModelId { get; init; }

    /// <summary>Battery level: <c>high</c> (over 75 %), <c>medium</c> (over 30 %) or <c>low</c> (<c>battery</c>).</summary>
    [JsonPropertyName("battery")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Battery { get; init; }

    /// <summary>The device's id, as other services name it (<c>deviceid</c>).</summary>
    [JsonPropertyName("deviceid")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? DeviceId { get; init; }

    /// <summary>The MAC address (advanced partners only) (<c>mac_address</c>).</summary>
    [JsonPropertyName("mac_address")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? MacAddress { get; init; }

    /// <summary>The firmware (advanced partners only) (<c>fw</c>).</summary>
    [JsonPropertyName("fw")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Firmware { get; init; }

    /// <summary>The network the device uses (advanced partners only) (<c>network</c>).</summary>
    [JsonPropertyName("network")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Network { get; init; }

    /// <summary>The network the device used last (advanced partners only) (<c>last_used_network</c>).</summary>
    [JsonPropertyName("last_used_network")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? LastUsedNetwork { get; init; }

    /// <summary>The device's id, hashed (<c>hash_deviceid</c>).</summary>
    [JsonPropertyName("hash_deviceid")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? HashDeviceId { get; init; }

    /// <summary>The IANA time zone of the device, for example <c>Europe/Paris</c> (<c>timezone</c>).</summary>
    [JsonPropertyName("timezone")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? TimeZone { get; init; }

    /// <summary>When the device first connected to Withings (<c>first_session_date</c>).</summary>
    [JsonPropertyName("first_session_date")]
    [JsonConverter(typeof(NullableUnixTimeConverter))]
    public DateTimeOffset? FirstSessionDate { get; init; }

    /// <summary>When the device last connected to Withings: its last use (<c>last_session_date</c>).</summary>
    [JsonPropertyName("last_session_date")]
    [JsonConverter(typeof(NullableUnixTimeConverter))]
    public DateTimeOffset? LastSessionDate { get; init; }

    /// <summary>The SIM status, for example <c>STANDBY</c> (<c>sim_status</c>).</summary>
    [JsonPropertyName("sim_status")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? SimStatus { get; init; }

    /// <summary>Every other field Withings sent, kept as JSON.</summary>
    // Internal set: System.Text.Json cannot fill extension data through an init accessor.
    [JsonExtensionData]
    [JsonInclude]
    public IDictionary<string, JsonElement>? AdditionalFields { get; internal set; }
}
