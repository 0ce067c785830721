using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>One entry of Answers v2 <c>get</c>: a user's answers to a survey.</summary>
public sealed record SurveyAnswers
{
    /// <summary>The survey's id (<c>surveyid</c>).</summary>
    [JsonPropertyName("surveyid")]
    public long? SurveyId { get; init; }

    /// <summary>The measure group of the answers (<c>grpid</c>).</summary>
    [JsonPropertyName("grpid")]
    public long? GroupId { get; init; }

    /// <summary>The answers, as Withings sent them (their shape is not documented) (<c>answers</c>).</summary>
    [JsonPropertyName("answers")]
    public IReadOnlyList<JsonElement>? Answers { get; init; }

    /// <summary>When the answers were recorded (<c>timestamp</c>).</summary>
    [JsonPropertyName("timestamp")]
    [JsonConverter(typeof(NullableUnixTimeConverter))]
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Every other field Withings sent, kept as JSON.</summary>
    // Internal set: System.Text.Json cannot fill extension data through an init accessor.
    [JsonExtensionData]
    [JsonInclude]
    public IDictionary<string, JsonElement>? AdditionalFields { get; internal set; }
}
