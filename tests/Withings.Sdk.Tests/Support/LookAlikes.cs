using Withings.Sdk.Testing;

namespace Withings.Sdk.Tests.Support;

/// <summary>The look-alike as the core tests run it strictly: this application's id and secret, only known tokens.</summary>
internal static class LookAlikes
{
    public static Task<WithingsLookAlike> StartStrictAsync(TimeProvider? clock = null) =>
        WithingsLookAlike.StartAsync(new WithingsLookAlikeOptions
        {
            ClientId = Harness.ClientId,
            ClientSecret = Harness.ClientSecret,
            AcceptAnyAccessToken = false,
            TimeProvider = clock ?? TimeProvider.System,
        });

    /// <summary>
    /// Answers every request, whatever its path, with <paramref name="replies"/> in turn, the last one repeating: the
    /// HTTP core's tests care about the answer, not the service, and a retried call must keep getting the same refusal.
    /// </summary>
    public static WithingsLookAlike ReplyInTurn(this WithingsLookAlike lookAlike, params WithingsReply[] replies)
    {
        var next = -1;
        lookAlike.Map(_ => replies[Math.Min(Interlocked.Increment(ref next), replies.Length - 1)]);
        return lookAlike;
    }

    /// <summary>
    /// Answers the requests to <paramref name="path"/> (any action) with <paramref name="replies"/> in turn, the last
    /// one repeating: a retried or paged call keeps getting an answer instead of falling back to the look-alike's own.
    /// </summary>
    public static WithingsLookAlike ReplyInTurn(this WithingsLookAlike lookAlike, string path, params WithingsReply[] replies)
    {
        var next = -1;
        lookAlike.Map(path, null, _ => replies[Math.Min(Interlocked.Increment(ref next), replies.Length - 1)]);
        return lookAlike;
    }

    /// <summary>The requests to one path, in the order they arrived.</summary>
    public static IReadOnlyList<WithingsRequest> RequestsTo(this WithingsLookAlike lookAlike, string path) =>
        [.. lookAlike.Requests.Where(r => r.Path == path)];

    /// <summary>The address the request was sent to before <see cref="WithingsLookAlike.CreateHandler"/> redirected it.</summary>
    public static Uri IntendedUri(this WithingsRequest request) =>
        new($"{request.Headers["X-Forwarded-Proto"]}://{request.Headers["Host"]}{request.Path}{request.QueryString}");
}
