namespace Withings.Sdk;

/// <summary>How <see cref="WithingsDataClient"/> runs fetch requests.</summary>
public sealed class WithingsFetchOptions
{
    /// <summary>
    /// The most pages (requests following <c>more</c>/<c>offset</c>) read for one planned request. Default 50.
    /// When Withings still has more after the last page, the result says so in <see cref="FetchResult.Truncated"/>.
    /// </summary>
    public int MaxPages { get; set; } = 50;
}
