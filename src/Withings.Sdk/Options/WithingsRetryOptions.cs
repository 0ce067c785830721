using System.ComponentModel.DataAnnotations;

namespace Withings.Sdk;

/// <summary>How transient failures (status 601 and 522, HTTP 5xx, network errors, timeouts) are retried.</summary>
public sealed class WithingsRetryOptions
{
    /// <summary>
    /// Attempts per call, the first one included (<c>Withings:Retry:MaxAttempts</c>): 4 means at most 4 requests, the
    /// first and 3 retries; 1 means no retry. Default 4.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The first backoff delay, doubled at each retry, with jitter. Default 1 second.</summary>
    [TimeSpanRange("00:00:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long to wait after status 601 (too many requests), plus up to 25 % jitter, before the next attempt; the
    /// application-wide rate limiter holds every other request for that time too. Withings counts requests per
    /// minute for the whole application, so a shorter wait spends the retries inside the same minute. Default 60
    /// seconds; at most one hour.
    /// </summary>
    [TimeSpanRange("00:00:00", "01:00:00")]
    public TimeSpan RateLimitWait { get; set; } = TimeSpan.FromSeconds(60);
}
