using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>One workout of Measure v2 <c>getworkouts</c>: a sport session with its summary data.</summary>
public sealed record Workout
{
    /// <summary>The workout's id (<c>id</c>).</summary>
    [JsonPropertyName("id")]
    public long? Id { get; init; }

    /// <summary>What sport it was (<c>category</c>).</summary>
    [JsonPropertyName("category")]
    [JsonConverter(typeof(NullableOpenCodeConverter<WorkoutCategory>))]
    public WorkoutCategory? Category { get; init; }

    /// <summary>The IANA time zone of the workout, for example <c>Europe/Paris</c> (<c>timezone</c>).</summary>
    [JsonPropertyName("timezone")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? TimeZone { get; init; }

    /// <summary>The source of the workout (<c>model</c>).</summary>
    [JsonPropertyName("model")]
    [JsonConverter(typeof(NullableOpenCodeConverter<DeviceModel>))]
    public DeviceModel? Model { get; init; }

    /// <summary>How the workout was attributed to the user (the <c>attrib</c> of measure groups: 0 device, 2 entered manually, 7 confirmed, …) (<c>attrib</c>).</summary>
    [JsonPropertyName("attrib")]
    public int? Attribution { get; init; }

    /// <summary>When the workout started (<c>startdate</c>).</summary>
    [JsonPropertyName("startdate")]
    [JsonConverter(typeof(NullableUnixTimeConverter))]
    public DateTimeOffset? StartDate { get; init; }

    /// <summary>When the workout ended (<c>enddate</c>).</summary>
    [JsonPropertyName("enddate")]
    [JsonConverter(typeof(NullableUnixTimeConverter))]
    public DateTimeOffset? EndDate { get; init; }

    /// <summary>The calendar day of the workout, in the user's time zone (<c>date</c>).</summary>
    [JsonPropertyName("date")]
    [JsonConverter(typeof(CalendarDayConverter))]
    public CalendarDay? Date { get; init; }

    /// <summary>When the workout was last modified (<c>modified</c>).</summary>
    [JsonPropertyName("modified")]
    [JsonConverter(typeof(NullableUnixTimeConverter))]
    public DateTimeOffset? Modified { get; init; }

    /// <summary>The device that tracked the workout (see User v2 getdevice) (<c>deviceid</c>).</summary>
    [JsonPropertyName("deviceid")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? DeviceId { get; init; }

    /// <summary>The summary data asked for with <c>data_fields</c> (<c>data</c>).</summary>
    [JsonPropertyName("data")]
    public WorkoutData? Data { get; init; }

    /// <summary>Every other field Withings sent, kept as JSON.</summary>
    // Internal set: System.Text.Json cannot fill extension data through an init accessor.
    [JsonExtensionData]
    [JsonInclude]
    public IDictionary<string, JsonElement>? AdditionalFields { get; internal set; }
}
