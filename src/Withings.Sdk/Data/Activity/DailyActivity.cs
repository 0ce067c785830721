using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>One day of Measure v2 <c>getactivity</c>: the user's aggregated activity on a calendar day.</summary>
public sealed record DailyActivity
{
    /// <summary>The calendar day, in the user's time zone (<c>date</c>).</summary>
    [JsonPropertyName("date")]
    [JsonConverter(typeof(CalendarDayConverter))]
    public CalendarDay? Date { get; init; }

    /// <summary>The IANA time zone of the day, for example <c>Europe/Paris</c> (<c>timezone</c>).</summary>
    [JsonPropertyName("timezone")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? TimeZone { get; init; }

    /// <summary>The device that tracked the data (see User v2 getdevice) (<c>deviceid</c>).</summary>
    [JsonPropertyName("deviceid")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? DeviceId { get; init; }

    /// <summary>The device that tracked the data, hashed (<c>hash_deviceid</c>).</summary>
    [JsonPropertyName("hash_deviceid")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? HashDeviceId { get; init; }

    /// <summary>Where the data comes from: 1 Withings, 18 an external source (<c>brand</c>).</summary>
    [JsonPropertyName("brand")]
    public int? Brand { get; init; }

    /// <summary>Whether a Withings tracker (rather than a phone or another source) tracked the data (<c>is_tracker</c>).</summary>
    [JsonPropertyName("is_tracker")]
    [JsonConverter(typeof(LenientBooleanConverter))]
    public bool? IsTracker { get; init; }

    /// <summary>When the day was last modified (<c>modified</c>).</summary>
    [JsonPropertyName("modified")]
    [JsonConverter(typeof(NullableUnixTimeConverter))]
    public DateTimeOffset? Modified { get; init; }

    /// <summary>The device model's name, for example <c>Pulse HR</c> (<c>model</c>).</summary>
    [JsonPropertyName("model")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Model { get; init; }

    /// <summary>The device model (<c>modelid</c>).</summary>
    [JsonPropertyName("modelid")]
    [JsonConverter(typeof(NullableOpenCodeConverter<DeviceModel>))]
    public DeviceModel? ModelId { get; init; }

    /// <summary>Number of steps (<c>steps</c>).</summary>
    [JsonPropertyName("steps")]
    public int? Steps { get; init; }

    /// <summary>Distance travelled, metres (<c>distance</c>).</summary>
    [JsonPropertyName("distance")]
    public double? Distance { get; init; }

    /// <summary>Floors climbed (<c>elevation</c>).</summary>
    [JsonPropertyName("elevation")]
    public double? Elevation { get; init; }

    /// <summary>Time of soft activity (<c>soft</c>).</summary>
    [JsonPropertyName("soft")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? Soft { get; init; }

    /// <summary>Time of moderate activity (<c>moderate</c>).</summary>
    [JsonPropertyName("moderate")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? Moderate { get; init; }

    /// <summary>Time of intense activity (<c>intense</c>).</summary>
    [JsonPropertyName("intense")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? Intense { get; init; }

    /// <summary>Time of moderate and intense activity together (<c>active</c>).</summary>
    [JsonPropertyName("active")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? Active { get; init; }

    /// <summary>Active calories burned, kcal (<c>calories</c>).</summary>
    [JsonPropertyName("calories")]
    public double? Calories { get; init; }

    /// <summary>Total calories burned (active and passive), kcal (<c>totalcalories</c>).</summary>
    [JsonPropertyName("totalcalories")]
    public double? TotalCalories { get; init; }

    /// <summary>Average heart rate, beats per minute (<c>hr_average</c>).</summary>
    [JsonPropertyName("hr_average")]
    public int? HeartRateAverage { get; init; }

    /// <summary>Minimal heart rate, beats per minute (<c>hr_min</c>).</summary>
    [JsonPropertyName("hr_min")]
    public int? HeartRateMin { get; init; }

    /// <summary>Maximal heart rate, beats per minute (<c>hr_max</c>).</summary>
    [JsonPropertyName("hr_max")]
    public int? HeartRateMax { get; init; }

    /// <summary>Time with the heart rate in the light zone (<c>hr_zone_0</c>).</summary>
    [JsonPropertyName("hr_zone_0")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? HeartRateZone0 { get; init; }

    /// <summary>Time with the heart rate in the moderate zone (<c>hr_zone_1</c>).</summary>
    [JsonPropertyName("hr_zone_1")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? HeartRateZone1 { get; init; }

    /// <summary>Time with the heart rate in the intense zone (<c>hr_zone_2</c>).</summary>
    [JsonPropertyName("hr_zone_2")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? HeartRateZone2 { get; init; }

    /// <summary>Time with the heart rate in the maximal zone (<c>hr_zone_3</c>).</summary>
    [JsonPropertyName("hr_zone_3")]
    [JsonConverter(typeof(SecondsConverter))]
    public TimeSpan? HeartRateZone3 { get; init; }

    /// <summary>Every other field Withings sent, kept as JSON.</summary>
    // Internal set: System.Text.Json cannot fill extension data through an init accessor.
    [JsonExtensionData]
    [JsonInclude]
    public IDictionary<string, JsonElement>? AdditionalFields { get; internal set; }
}
