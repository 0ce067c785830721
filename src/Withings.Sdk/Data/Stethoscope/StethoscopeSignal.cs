using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>The body of Stetho v2 <c>get</c>: the sound of one stethoscope recording and how it is encoded.</summary>
/// <remarks>
/// The fields are Withings' own, typed as Withings documents them; where Withings gives no unit or no list of values
/// (<see cref="Duration"/>, <see cref="Format"/>, <see cref="Size"/>, <see cref="Resolution"/>,
/// <see cref="Channel"/>), the number is kept as sent.
/// </remarks>
public sealed record StethoscopeSignal
{
    /// <summary>
    /// The sound, one value per sample, A-law (G.711) encoded: decode each value to 16-bit PCM before playing it
    /// (<c>signal</c>).
    /// </summary>
    [JsonPropertyName("signal")]
    public IReadOnlyList<int>? Signal { get; init; }

    /// <summary>Samples per second (Hz), usually 4 000 (<c>frequency</c>).</summary>
    [JsonPropertyName("frequency")]
    public int? Frequency { get; init; }

    /// <summary>The duration of the signal as Withings sends it (<c>duration</c>); Withings does not document its unit.</summary>
    [JsonPropertyName("duration")]
    public int? Duration { get; init; }

    /// <summary>Withings' <c>format</c> of the signal.</summary>
    [JsonPropertyName("format")]
    public int? Format { get; init; }

    /// <summary>Withings' <c>size</c> of the signal.</summary>
    [JsonPropertyName("size")]
    public int? Size { get; init; }

    /// <summary>Withings' <c>resolution</c> of the signal.</summary>
    [JsonPropertyName("resolution")]
    public int? Resolution { get; init; }

    /// <summary>Withings' <c>channel</c> of the signal.</summary>
    [JsonPropertyName("channel")]
    public int? Channel { get; init; }

    /// <summary>The device that recorded it: 71 BeamO, 44 BPM Core, … (<c>model</c>).</summary>
    [JsonPropertyName("model")]
    [JsonConverter(typeof(NullableOpenCodeConverter<DeviceModel>))]
    public DeviceModel? Model { get; init; }

    /// <summary>Where the recording was taken, for example <see cref="WearPosition.CardiovascularMitralArea"/> (<c>position</c>).</summary>
    [JsonPropertyName("position")]
    [JsonConverter(typeof(NullableOpenCodeConverter<WearPosition>))]
    public WearPosition? Position { get; init; }

    /// <summary>The valvular heart disease result Withings sends (<c>vhd</c>); Withings documents no values.</summary>
    [JsonPropertyName("vhd")]
    public int? Vhd { get; init; }

    /// <summary>Every other field Withings sent, kept as JSON.</summary>
    // Internal set: System.Text.Json cannot fill extension data through an init accessor.
    [JsonExtensionData]
    [JsonInclude]
    public IDictionary<string, JsonElement>? AdditionalFields { get; internal set; }
}
