namespace Withings.Sdk.Tests.Data;

/// <summary>
/// One response fixture per service the SDK types: the documented example of Withings' API reference, every
/// documented field present, and the request that fetches it.
/// </summary>
public sealed record ServiceFixture(string File, string Path, string Action, Type RecordType, string RowField)
{
    public static IReadOnlyList<ServiceFixture> All { get; } =
    [
        new("getmeas.json", "/measure", "getmeas", typeof(MeasureGroup), "measuregrps"),
        new("getactivity.json", "/v2/measure", "getactivity", typeof(DailyActivity), "activities"),
        new("getintradayactivity.json", "/v2/measure", "getintradayactivity", typeof(IntradayActivitySample), "series"),
        new("getworkouts.json", "/v2/measure", "getworkouts", typeof(Workout), "series"),
        new("sleep-get.json", "/v2/sleep", "get", typeof(SleepSegment), "series"),
        new("sleep-getsummary.json", "/v2/sleep", "getsummary", typeof(SleepSummary), "series"),
        new("heart-list.json", "/v2/heart", "list", typeof(EcgRecording), "series"),
        new("heart-get.json", "/v2/heart", "get", typeof(EcgSignal), string.Empty),
        new("stetho-list.json", "/v2/stetho", "list", typeof(StethoscopeRecording), "series"),
        new("stetho-get.json", "/v2/stetho", "get", typeof(StethoscopeSignal), string.Empty),
        new("user-getdevice.json", "/v2/user", "getdevice", typeof(UserDevice), "devices"),
        new("answers-get.json", "/v2/answers", "get", typeof(SurveyAnswers), "answers"),
    ];

    public FetchRequest Request(long? userId = Support.Harness.UserId) =>
        new(userId, Path, [new("action", Action)], requiresSignature: false);

    public override string ToString() => File;
}
