using System.Globalization;
using Withings.Sdk.Testing;

namespace Withings.Sdk.Benchmarks.Day;

/// <summary>
/// Withings.Sdk.Testing's look-alike answering the day's fetches with data, in the shapes Withings documents: one
/// measure group at the window's start for getmeas, a day's activity row per day asked, a few intraday samples, a
/// night's sleep segments and summary, an ECG in the heart list; each answer carries the user's <c>timezone</c>, as
/// Withings' do, so that the engine learns each user's zone from the first ones. The user is read from the bearer
/// token (<c>access-&lt;index&gt;</c>).
/// </summary>
public sealed class DayLookAlike : IAsyncDisposable
{
    private readonly WithingsLookAlike _lookAlike;
    private readonly DayGenerator _day;

    private DayLookAlike(WithingsLookAlike lookAlike, DayGenerator day)
    {
        _lookAlike = lookAlike;
        _day = day;
        _lookAlike.Map(Answer);
    }

    /// <summary>Where it answers: the SDK's <c>ApiBaseAddress</c>.</summary>
    public Uri BaseAddress => _lookAlike.BaseAddress;

    /// <summary>The access token of user <paramref name="user"/>.</summary>
    /// <param name="user">The index.</param>
    /// <returns>The token.</returns>
    public static string AccessToken(int user) => "access-" + user.ToString(CultureInfo.InvariantCulture);

    /// <summary>Starts the look-alike on a loopback port.</summary>
    /// <param name="day">The day, for the users' zones.</param>
    /// <param name="clock">The virtual clock.</param>
    /// <returns>The running look-alike.</returns>
    public static async Task<DayLookAlike> StartAsync(DayGenerator day, TimeProvider clock) =>
        new(await WithingsLookAlike.StartAsync(new WithingsLookAlikeOptions { TimeProvider = clock }).ConfigureAwait(false), day);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _lookAlike.DisposeAsync();

    private WithingsReply? Answer(WithingsRequest call)
    {
        if (call.BearerToken is not { } token || !token.StartsWith("access-", StringComparison.Ordinal))
        {
            return null;
        }

        var user = int.Parse(token.AsSpan("access-".Length), CultureInfo.InvariantCulture);
        var zone = _day.ZoneOf(user).Id;
        var id = DayGenerator.UserId(user);
        var start = Seconds(call.Field("startdate")) ?? Seconds(call.Field("lastupdate")) ?? 1_709_337_600;
        var end = Seconds(call.Field("enddate")) ?? start;
        return (call.Path, call.Action) switch
        {
            ("/measure", "getmeas") => WithingsReply.Ok(string.Create(CultureInfo.InvariantCulture, $$$"""
                {"updatetime":{{{end}}},"timezone":"{{{zone}}}","measuregrps":[{"grpid":{{{(id * 7919) + start}}},"attrib":0,"date":{{{start}}},"created":{{{end}}},"modified":{{{end}}},"category":1,"deviceid":"892359876fd8805ac45bab078c4828692f0276b1","hash_deviceid":"892359876fd8805ac45bab078c4828692f0276b1","measures":[{"value":72150,"type":1,"unit":-3,"algo":3425,"fm":1},{"value":2310,"type":6,"unit":-2}],"model":"Body Cardio","model_id":6}],"more":0,"offset":0}
                """)),
            ("/v2/measure", "getactivity") => WithingsReply.Ok(Activities(call, zone, end)),
            ("/v2/measure", "getintradayactivity") => WithingsReply.Ok(string.Create(CultureInfo.InvariantCulture, $$$"""
                {"series":{"{{{start}}}":{"deviceid":"892359876fd8805ac45bab078c4828692f0276b1","model":"ScanWatch","model_id":93,"steps":12,"elevation":1,"calories":2.5,"distance":9.5,"duration":60,"heart_rate":82},"{{{start + 60}}}":{"deviceid":"892359876fd8805ac45bab078c4828692f0276b1","model":"ScanWatch","model_id":93,"steps":40,"calories":3.1,"distance":30,"duration":60,"heart_rate":88} } }
                """)),
            ("/v2/measure", "getworkouts") => WithingsReply.Ok("""{"series":[],"more":false,"offset":0}"""),
            ("/v2/sleep", "get") => WithingsReply.Ok(string.Create(CultureInfo.InvariantCulture, $$$"""
                {"series":[{"startdate":{{{start}}},"enddate":{{{start + 1800}}},"state":1,"model":"Aura Sensor V2","model_id":63,"hr":{"{{{start}}}":58},"rr":{"{{{start}}}":14}},{"startdate":{{{start + 1800}}},"enddate":{{{start + 5400}}},"state":2,"model":"Aura Sensor V2","model_id":63,"hr":{"{{{start + 1800}}}":54},"rr":{"{{{start + 1800}}}":13}}]}
                """)),
            ("/v2/sleep", "getsummary") => WithingsReply.Ok(string.Create(CultureInfo.InvariantCulture, $$$"""
                {"series":[{"id":{{{id}}},"timezone":"{{{zone}}}","model":32,"model_id":63,"startdate":{{{start}}},"enddate":{{{end}}},"date":"{{{call.Field("enddateymd") ?? "2024-03-02"}}}","created":{{{end}}},"modified":{{{end}}},"data":{"total_sleep_time":27000,"sleep_score":84}}],"more":false,"offset":0}
                """)),
            ("/v2/heart", "list") => WithingsReply.Ok(string.Create(CultureInfo.InvariantCulture, $$$"""
                {"series":[{"deviceid":"892359876fd8805ac45bab078c4828692f0276b1","model":93,"ecg":{"signalid":{{{start}}},"afib":0},"heart_rate":71,"modified":{{{end}}},"timestamp":{{{start}}},"timezone":"{{{zone}}}"}],"more":false,"offset":0}
                """)),
            _ => null,
        };
    }

    private static string Activities(WithingsRequest call, string zone, long modified)
    {
        var first = DateOnly.ParseExact(call.Field("startdateymd") ?? "2024-03-02", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var last = DateOnly.ParseExact(call.Field("enddateymd") ?? "2024-03-02", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var rows = new List<string>();
        for (var day = first; day <= last && rows.Count < 7; day = day.AddDays(1))
        {
            rows.Add(string.Create(CultureInfo.InvariantCulture, $$$"""
                {"date":"{{{day:yyyy-MM-dd}}}","timezone":"{{{zone}}}","deviceid":"892359876fd8805ac45bab078c4828692f0276b1","hash_deviceid":"892359876fd8805ac45bab078c4828692f0276b1","brand":18,"is_tracker":true,"modified":{{{modified}}},"model":"ScanWatch","modelid":93,"steps":6200,"distance":4300,"elevation":12,"soft":800,"moderate":1000,"intense":300,"active":1300,"calories":420,"totalcalories":2300,"hr_average":74,"hr_min":52,"hr_max":141}
                """));
        }

        return "{\"activities\":[" + string.Join(',', rows) + "],\"more\":false,\"offset\":0}";
    }

    private static long? Seconds(string? field) =>
        long.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
