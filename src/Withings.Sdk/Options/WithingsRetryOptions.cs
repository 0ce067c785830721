namespace Withings.Sdk;

/// <summary>How transient failures (status 601 and 522, HTTP 5xx, network errors, timeouts) are retried.</summary>
public sealed class WithingsRetryOptions
{
    /// <summary>Attempts after the first: 3 means at most 4 requests. Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first backoff delay, doubled at each retry, with jitter. Default 1 second.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);
}
