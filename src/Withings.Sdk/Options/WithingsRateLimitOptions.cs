using System.ComponentModel.DataAnnotations;

namespace Withings.Sdk;

/// <summary>The application-wide request rate: Withings allows 120 requests per minute per client id.</summary>
/// <remarks>
/// The limiter guarantees at most <see cref="PermitsPerMinute"/> requests in any 60-second window: up to
/// <see cref="Burst"/> requests at once, then the rest of the minute's budget spread evenly (with the defaults,
/// 10 at once, then one every 60/110 s). It is shared by every request of one process; several processes sending
/// for the same client id need a shared limiter of their own (see <see cref="WithingsRateLimiter"/>).
/// </remarks>
public sealed class WithingsRateLimitOptions
{
    /// <summary>Requests per minute for the whole application. Default 120 (Withings' standard plan).</summary>
    [Range(1, int.MaxValue)]
    public int PermitsPerMinute { get; set; } = 120;

    /// <summary>
    /// How many requests may start at once after a quiet period. Default 10; at most <see cref="PermitsPerMinute"/>
    /// minus one, so that the rest of the minute's budget still refills the bucket.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int Burst { get; set; } = 10;
}
