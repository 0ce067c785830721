namespace Withings.Sdk.Testing.Services;

/// <summary>
/// The v2 follow-up services (docs/withings-api.md §4) with an account that has no data there yet: each answers its
/// documented shape, empty and in one page. Tests that need data script it with <see cref="WithingsLookAlike.Map(string, string?, Func{WithingsRequest, WithingsReply?})"/>.
/// </summary>
internal static class DataServices
{
    public static WithingsReply? Answer(WithingsRequest request) => (request.Path, request.Action) switch
    {
        ("/v2/measure", "getactivity") => WithingsReply.Ok("""{"activities":[],"more":false,"offset":0}"""),
        ("/v2/measure", "getintradayactivity") => WithingsReply.Ok("""{"series":{}}"""),
        ("/v2/measure", "getworkouts") => WithingsReply.Ok("""{"series":[],"more":false,"offset":0}"""),
        ("/v2/sleep", "get") => WithingsReply.Ok("""{"series":[]}"""),
        ("/v2/sleep", "getsummary") => WithingsReply.Ok("""{"series":[],"more":false,"offset":0}"""),
        ("/v2/heart", "list") => WithingsReply.Ok("""{"series":[],"more":false,"offset":0}"""),
        ("/v2/heart", "get") => WithingsReply.Ok("""{"signal":[],"sampling_frequency":0,"wearposition":0}"""),
        ("/v2/stetho", "list") => WithingsReply.Ok("""{"series":[],"more":false,"offset":0}"""),
        ("/v2/stetho", "get") => WithingsReply.Ok("""{"signal":[],"frequency":0,"duration":0}"""),
        ("/v2/user", "getdevice") => WithingsReply.Ok("""{"devices":[]}"""),
        ("/v2/user", "link") => WithingsReply.Ok("{}"),
        _ => null,
    };
}
