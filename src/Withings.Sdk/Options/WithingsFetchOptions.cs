using System.ComponentModel.DataAnnotations;

namespace Withings.Sdk;

/// <summary>How <see cref="WithingsDataClient"/> runs fetch requests.</summary>
public sealed class WithingsFetchOptions
{
    /// <summary>
    /// The most pages (requests following <c>more</c>/<c>offset</c>) read for one planned request. Default 50.
    /// When Withings still has more after the last page, the result says so in <see cref="FetchResult.Truncated"/>.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxPages { get; set; } = 50;

    /// <summary>
    /// Whether a Heart v2 <c>list</c> is followed by the Heart v2 <c>get</c> of each recording's ECG signal, so that
    /// each <see cref="EcgRecording"/> comes back with its <see cref="EcgRecording.Signal"/> (one more request per
    /// recording, in <see cref="FetchResult.FollowUps"/>). Default on.
    /// </summary>
    public bool EcgSignals { get; set; } = true;

    /// <summary>
    /// Whether a Stetho v2 <c>list</c> is followed by the Stetho v2 <c>get</c> of each recording's signal, so that
    /// each <see cref="StethoscopeRecording"/> comes back with its <see cref="StethoscopeRecording.Signal"/> (one more
    /// request per recording, in <see cref="FetchResult.FollowUps"/>). Default on.
    /// </summary>
    public bool StethoscopeSignals { get; set; } = true;
}
