using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>
/// One row of a v2 service (<c>series</c> or <c>activities</c>): its dates typed, every other field kept as JSON.
/// </summary>
/// <remarks>
/// Which dates are present depends on the service: sleep and workouts send <see cref="StartDate"/>,
/// <see cref="EndDate"/> and <see cref="Date"/>; activity sends <see cref="Date"/>; heart list sends
/// <see cref="Timestamp"/>; intraday activity is keyed by timestamp, which becomes <see cref="Timestamp"/>.
/// </remarks>
public sealed record SeriesEntry
{
    /// <summary>The start of the period (<c>startdate</c>).</summary>
    [JsonPropertyName("startdate")]
    [JsonConverter(typeof(NullableUnixTimeConverter))]
    public DateTimeOffset? StartDate { get; init; }

    /// <summary>The end of the period (<c>enddate</c>).</summary>
    [JsonPropertyName("enddate")]
    [JsonConverter(typeof(NullableUnixTimeConverter))]
    public DateTimeOffset? EndDate { get; init; }

    /// <summary>The calendar day (<c>date</c>, <c>YYYY-MM-DD</c>) in the user's time zone, as Withings wrote it.</summary>
    [JsonPropertyName("date")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Date { get; init; }

    /// <summary>The instant of a recording (<c>timestamp</c>, or the key of an intraday entry).</summary>
    [JsonPropertyName("timestamp")]
    [JsonConverter(typeof(NullableUnixTimeConverter))]
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Every other field Withings sent (the data fields, <c>model</c>, <c>deviceid</c>, …), kept as JSON.</summary>
    // Internal set: System.Text.Json cannot fill extension data through an init accessor.
    [JsonExtensionData]
    [JsonInclude]
    public IDictionary<string, JsonElement>? AdditionalFields { get; internal set; }
}
