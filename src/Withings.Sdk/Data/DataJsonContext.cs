using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>Source-generated (trim- and AOT-safe) JSON metadata of the fetched data types.</summary>
/// <remarks>
/// Numbers are read from strings too (Withings sends some ids and counts either way); absent values are not
/// written back, so a written row holds the fields Withings sent.
/// </remarks>
[JsonSourceGenerationOptions(
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MeasureGroup))]
[JsonSerializable(typeof(SeriesEntry))]
[JsonSerializable(typeof(DailyActivity))]
[JsonSerializable(typeof(IntradayActivitySample))]
[JsonSerializable(typeof(Workout))]
[JsonSerializable(typeof(SleepSegment))]
[JsonSerializable(typeof(SleepSummary))]
[JsonSerializable(typeof(EcgRecording))]
[JsonSerializable(typeof(EcgSignal))]
[JsonSerializable(typeof(UserDevice))]
[JsonSerializable(typeof(SurveyAnswers))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(List<MeasureGroup>))]
[JsonSerializable(typeof(List<DailyActivity>))]
[JsonSerializable(typeof(List<Workout>))]
[JsonSerializable(typeof(List<SleepSegment>))]
[JsonSerializable(typeof(List<SleepSummary>))]
[JsonSerializable(typeof(List<EcgRecording>))]
[JsonSerializable(typeof(List<UserDevice>))]
[JsonSerializable(typeof(List<SurveyAnswers>))]
internal sealed partial class DataJsonContext : JsonSerializerContext;
