using System.Text.Json;

namespace Withings.Sdk;

/// <summary>
/// The typed rows of a <see cref="FetchResult"/>, all pages together. Each service has its row type: match on
/// <see cref="FetchRecords{T}"/> (<c>case FetchRecords&lt;SleepSummary&gt; nights:</c>) or ask
/// <see cref="FetchResult.GetRecords{T}"/>.
/// </summary>
/// <remarks>
/// Row types by service: getmeas <see cref="MeasureGroup"/>; getactivity <see cref="DailyActivity"/>;
/// getintradayactivity <see cref="IntradayActivitySample"/>; getworkouts <see cref="Workout"/>; Sleep v2 get
/// <see cref="SleepSegment"/>; Sleep v2 getsummary <see cref="SleepSummary"/>; Heart v2 list
/// <see cref="EcgRecording"/>; Heart v2 get <see cref="EcgSignal"/>; Stetho v2 list <see cref="StethoscopeRecording"/>;
/// Stetho v2 get <see cref="StethoscopeSignal"/>; User v2 getdevice <see cref="UserDevice"/>;
/// Answers v2 get <see cref="SurveyAnswers"/>; any other service its raw rows as <see cref="JsonElement"/>. A row
/// that could not be typed is not here but in <see cref="FetchResult.UnreadRows"/>.
/// </remarks>
public abstract class FetchRecords
{
    private protected FetchRecords()
    {
    }

    /// <summary>How many rows there are.</summary>
    public abstract int Count { get; }

    /// <summary>The type of the rows, for example <see cref="SleepSummary"/>.</summary>
    public abstract Type RecordType { get; }

    /// <summary>
    /// Writes the rows as a JSON array with Withings' own field names: every field Withings sent, with its typed
    /// value (instants as unix epoch seconds, durations in seconds, days as <c>YYYY-MM-DD</c>), the fields the SDK
    /// does not model as they came.
    /// </summary>
    /// <param name="writer">Where to write the array.</param>
    public abstract void WriteTo(Utf8JsonWriter writer);

    /// <summary>These rows followed by <paramref name="more"/>'s, of the same service (a result read on from its offset).</summary>
    internal abstract FetchRecords Append(FetchRecords more);
}
