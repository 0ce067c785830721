using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>One night of Sleep v2 <c>getsummary</c>, with its summary data.</summary>
public sealed record SleepSummary
{
    /// <summary>The night's id (<c>id</c>).</summary>
    [JsonPropertyName("id")]
    public long? Id { get; init; }

    /// <summary>The IANA time zone of the night, for example <c>Europe/Paris</c> (<c>timezone</c>).</summary>
    [JsonPropertyName("timezone")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? TimeZone { get; init; }

    /// <summary>The kind of source: 16 a tracker, 32 a sleep monitor (<c>model</c>).</summary>
    [JsonPropertyName("model")]
    public int? Model { get; init; }

    /// <summary>The device model (<c>model_id</c>).</summary>
    [JsonPropertyName("model_id")]
    [JsonConverter(typeof(NullableOpenCodeConverter<DeviceModel>))]
    public DeviceModel? ModelId { get; init; }

    /// <summary>When the night started (<c>startdate</c>).</summary>
    [JsonPropertyName("startdate")]
    [JsonConverter(typeof(NullableUnixTimeConverter))]
    public DateTimeOffset? StartDate { get; init; }

    /// <summary>When the night ended (<c>enddate</c>).</summary>
    [JsonPropertyName("enddate")]
    [JsonConverter(typeof(NullableUnixTimeConverter))]
    public DateTimeOffset? EndDate { get; init; }

    /// <summary>The calendar day Withings files the night under, in the user's time zone (<c>date</c>).</summary>
    [JsonPropertyName("date")]
    [JsonConverter(typeof(CalendarDayConverter))]
    public CalendarDay? Date { get; init; }

    /// <summary>When the night was stored (<c>created</c>).</summary>
    [JsonPropertyName("created")]
    [JsonConverter(typeof(NullableUnixTimeConverter))]
    public DateTimeOffset? Created { get; init; }

    /// <summary>When the night was last modified (<c>modified</c>).</summary>
    [JsonPropertyName("modified")]
    [JsonConverter(typeof(NullableUnixTimeConverter))]
    public DateTimeOffset? Modified { get; init; }

    /// <summary>The device that tracked the night, hashed (<c>hash_deviceid</c>).</summary>
    [JsonPropertyName("hash_deviceid")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? HashDeviceId { get; init; }

    /// <summary>Whether the night is complete (<c>completed</c>).</summary>
    [JsonPropertyName("completed")]
    [JsonConverter(typeof(LenientBooleanConverter))]
    public bool? Completed { get; init; }

    /// <summary>The summary data asked for with <c>data_fields</c> (<c>data</c>).</summary>
    [JsonPropertyName("data")]
    public SleepSummaryData? Data { get; init; }

    /// <summary>Every other field Withings sent, kept as JSON.</summary>
    // Internal set: System.Text.Json cannot fill extension data through an init accessor.
    [JsonExtensionData]
    [JsonInclude]
    public IDictionary<string, JsonElement>? AdditionalFields { get; internal set; }
}
