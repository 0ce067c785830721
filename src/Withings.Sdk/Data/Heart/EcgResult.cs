using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>The <c>ecg</c> of an <see cref="EcgRecording"/>: the signal to fetch and its classification.</summary>
public sealed record EcgResult
{
    /// <summary>The signal's id: Heart v2 get returns the signal (<c>signalid</c>).</summary>
    [JsonPropertyName("signalid")]
    public long? SignalId { get; init; }

    /// <summary>The atrial fibrillation classification (<c>afib</c>).</summary>
    [JsonPropertyName("afib")]
    [JsonConverter(typeof(NullableOpenCodeConverter<EcgClassification>))]
    public EcgClassification? Afib { get; init; }

    /// <summary>Every other field Withings sent, kept as JSON.</summary>
    // Internal set: System.Text.Json cannot fill extension data through an init accessor.
    [JsonExtensionData]
    [JsonInclude]
    public IDictionary<string, JsonElement>? AdditionalFields { get; internal set; }
}
