using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>Source-generated (trim- and AOT-safe) JSON metadata of the fetched data types.</summary>
/// <remarks>
/// Numbers are read from strings too (Withings sends some ids and counts either way), and an integer written with a
/// zero fraction (<c>58.0</c>) is read as the integer; absent values are not written back, so a written row holds the
/// fields Withings sent.
/// </remarks>
[JsonSourceGenerationOptions(
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(WholeInt32Converter), typeof(WholeInt64Converter)])]
[JsonSerializable(typeof(MeasureGroup))]
[JsonSerializable(typeof(SeriesEntry))]
[JsonSerializable(typeof(DailyActivity))]
[JsonSerializable(typeof(IntradayActivitySample))]
[JsonSerializable(typeof(Workout))]
[JsonSerializable(typeof(SleepSegment))]
[JsonSerializable(typeof(SleepSummary))]
[JsonSerializable(typeof(EcgRecording))]
[JsonSerializable(typeof(EcgSignal))]
[JsonSerializable(typeof(StethoscopeRecording))]
[JsonSerializable(typeof(StethoscopeSignal))]
[JsonSerializable(typeof(UserDevice))]
[JsonSerializable(typeof(SurveyAnswers))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(List<MeasureGroup>))]
[JsonSerializable(typeof(List<DailyActivity>))]
[JsonSerializable(typeof(List<Workout>))]
[JsonSerializable(typeof(List<SleepSegment>))]
[JsonSerializable(typeof(List<SleepSummary>))]
[JsonSerializable(typeof(List<EcgRecording>))]
[JsonSerializable(typeof(List<StethoscopeRecording>))]
[JsonSerializable(typeof(List<UserDevice>))]
[JsonSerializable(typeof(List<SurveyAnswers>))]
internal sealed partial class DataJsonContext : JsonSerializerContext;
