namespace Withings.Sdk;

/// <summary>The paths, actions and field names of the follow-up services (docs/withings-api.md §4).</summary>
internal static class WithingsServices
{
    public const string MeasurePath = "/measure";
    public const string MeasureV2Path = "/v2/measure";
    public const string SleepV2Path = "/v2/sleep";
    public const string HeartV2Path = "/v2/heart";
    public const string StethoV2Path = "/v2/stetho";
    public const string AnswersV2Path = "/v2/answers";
    public const string UserV2Path = "/v2/user";

    public const string GetMeas = "getmeas";
    public const string GetActivity = "getactivity";
    public const string GetIntradayActivity = "getintradayactivity";
    public const string GetWorkouts = "getworkouts";
    public const string Get = "get";
    public const string GetSummary = "getsummary";
    public const string List = "list";
    public const string Link = "link";

    public const string ActionField = "action";
    public const string MeasTypes = "meastypes";
    public const string Category = "category";
    public const string StartDate = "startdate";
    public const string EndDate = "enddate";
    public const string StartDateYmd = "startdateymd";
    public const string EndDateYmd = "enddateymd";
    public const string LastUpdate = "lastupdate";
    public const string DataFields = "data_fields";
    public const string UserId = "userid";
    public const string MacAddresses = "mac_addresses";

    /// <summary><c>category=1</c>: real measures, not goals.</summary>
    public const string RealMeasures = "1";

    /// <summary>Intraday activity and sleep return only the first 24 hours of a longer window.</summary>
    public const long MaxWindowSeconds = 86_400;

    public static bool IsWindowField(string name) =>
        name is StartDate or EndDate or StartDateYmd or EndDateYmd or LastUpdate;
}
