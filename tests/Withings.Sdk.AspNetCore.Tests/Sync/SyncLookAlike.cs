using System.Globalization;
using Withings.Sdk.Testing;

namespace Withings.Sdk.AspNetCore.Tests.Sync;

/// <summary>
/// Withings.Sdk.Testing's look-alike scripted for every service the planner asks for: one page, a measure group dated
/// at the window's start for getmeas (with the user's <c>timezone</c>), empty series elsewhere. Each request is logged
/// with the instant of <see cref="Clock"/> it arrived at; <see cref="Fail"/> makes chosen requests answer a Withings
/// error status.
/// </summary>
internal sealed class SyncLookAlike : IAsyncDisposable
{
    public const string TimeZone = "Europe/Paris";

    private readonly WithingsLookAlike _lookAlike;

    private SyncLookAlike(WithingsLookAlike lookAlike)
    {
        _lookAlike = lookAlike;
        _lookAlike.Map(Answer);
    }

    public TimeProvider Clock => _lookAlike.Options.TimeProvider;

    public Uri BaseAddress => _lookAlike.BaseAddress;

    public IReadOnlyList<WithingsRequest> Calls => _lookAlike.Requests;

    /// <summary>Given a call, the Withings status to answer instead of data; null answers data.</summary>
    public Func<WithingsRequest, int?> Fail { get; set; } = _ => null;

    /// <summary>Given a call, a test's own reply; null leaves it to the scripted answers below.</summary>
    public Func<WithingsRequest, WithingsReply?> Script { get; set; } = _ => null;

    public static async Task<SyncLookAlike> StartAsync(TimeProvider? clock = null) =>
        new(await WithingsLookAlike.StartAsync(new WithingsLookAlikeOptions { TimeProvider = clock ?? TimeProvider.System }));

    public ValueTask DisposeAsync() => _lookAlike.DisposeAsync();

    private WithingsReply Answer(WithingsRequest call)
    {
        if (Fail(call) is { } error)
        {
            return WithingsReply.Status(error, "look-alike failure");
        }

        if (Script(call) is { } scripted)
        {
            return scripted;
        }

        var start = call.Field("startdate") ?? call.Field("lastupdate") ?? "0";
        start = long.Parse(start, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        return (call.Path, call.Action) switch
        {
            ("/measure", "getmeas") => WithingsReply.Ok($$"""
                {"updatetime":1709400000,"timezone":"{{TimeZone}}","measuregrps":[{"grpid":{{start}},"attrib":0,"date":{{start}},"created":{{start}},"modified":{{start}},"category":1,"deviceid":"892359876fd8805ac45bab078c4828692f0276b1","measures":[{"value":7200,"type":1,"unit":-2}]}],"more":0,"offset":0}
                """),
            ("/v2/measure", "getintradayactivity") => WithingsReply.Ok("""{"series":{}}"""),
            ("/v2/measure", "getactivity") => WithingsReply.Ok("""{"activities":[],"more":false,"offset":0}"""),
            ("/v2/sleep", "get") => WithingsReply.Ok("""{"series":[]}"""),
            _ => WithingsReply.Ok("""{"series":[],"more":false,"offset":0}"""),
        };
    }
}
