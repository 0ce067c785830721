using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>
/// A measure group of <c>getmeas</c>: the measures taken together at one moment (a weighing, a blood pressure
/// reading).
/// </summary>
public sealed record MeasureGroup
{
    /// <summary>The group's id (<c>grpid</c>).</summary>
    [JsonPropertyName("grpid")]
    public long GroupId { get; init; }

    /// <summary>How the group was attributed to the user (<c>attrib</c>): 0 device, 2 entered manually, …</summary>
    [JsonPropertyName("attrib")]
    public int Attribution { get; init; }

    /// <summary>When the measures were taken (<c>date</c>).</summary>
    [JsonPropertyName("date")]
    [JsonConverter(typeof(UnixTimeConverter))]
    public DateTimeOffset Date { get; init; }

    /// <summary>When the measures were stored (<c>created</c>), when sent.</summary>
    [JsonPropertyName("created")]
    [JsonConverter(typeof(NullableUnixTimeConverter))]
    public DateTimeOffset? Created { get; init; }

    /// <summary>When the group was last updated (<c>modified</c>), when sent.</summary>
    [JsonPropertyName("modified")]
    [JsonConverter(typeof(NullableUnixTimeConverter))]
    public DateTimeOffset? Modified { get; init; }

    /// <summary>1 for real measures, 2 for user objectives (<c>category</c>).</summary>
    [JsonPropertyName("category")]
    public int Category { get; init; }

    /// <summary>The device that took the measures (<c>deviceid</c>), opaque; <see langword="null"/> for manual entries.</summary>
    [JsonPropertyName("deviceid")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? DeviceId { get; init; }

    /// <summary>The device that took the measures (<c>hash_deviceid</c>), hashed.</summary>
    [JsonPropertyName("hash_deviceid")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? HashDeviceId { get; init; }

    /// <summary>The device model's name (<c>model</c>), for example <c>Body Cardio</c>.</summary>
    [JsonPropertyName("model")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Model { get; init; }

    /// <summary>
    /// The device model: <c>modelid</c> as live Withings sends it, or <c>model_id</c> as its API reference writes it.
    /// A row is written back with the name it came with.
    /// </summary>
    [JsonIgnore]
    public DeviceModel? ModelId
    {
        get => LiveModelId ?? ReferenceModelId;
        init
        {
            ReferenceModelId = value;
            LiveModelId = null;
        }
    }

    /// <summary>Withings' deprecated <c>comment</c>: Withings documents it as always empty (live answers send <c>null</c>).</summary>
    [JsonPropertyName("comment")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Comment { get; init; }

    /// <summary>The measures of the group.</summary>
    [JsonPropertyName("measures")]
    public IReadOnlyList<Measure> Measures { get; init; } = [];

    // The two names of the device model (docs/withings-api.md §4): live getmeas sends "modelid", the API reference
    // "model_id". Both are read; the one that came is the one written back.
    [JsonPropertyName("modelid")]
    [JsonInclude]
    [JsonConverter(typeof(NullableOpenCodeConverter<DeviceModel>))]
    internal DeviceModel? LiveModelId { get; init; }

    [JsonPropertyName("model_id")]
    [JsonInclude]
    [JsonConverter(typeof(NullableOpenCodeConverter<DeviceModel>))]
    internal DeviceModel? ReferenceModelId { get; init; }

    /// <summary>Every other field Withings sent, kept as JSON.</summary>
    // Internal set: System.Text.Json cannot fill extension data through an init accessor.
    [JsonExtensionData]
    [JsonInclude]
    public IDictionary<string, JsonElement>? AdditionalFields { get; internal set; }
}
