namespace Withings.Sdk;

/// <summary>The application-wide request rate: Withings allows 120 requests per minute per client id.</summary>
public sealed class WithingsRateLimitOptions
{
    /// <summary>Requests per minute for the whole application. Default 120 (Withings' standard plan).</summary>
    public int PermitsPerMinute { get; set; } = 120;
}
