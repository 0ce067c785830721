using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Withings.Sdk;

/// <summary>
/// The names under which the SDK reports its outgoing Withings API calls: one <see cref="ActivitySource"/> and one
/// <see cref="Meter"/>, both named <see cref="Name"/>. Subscribe to them (OpenTelemetry's <c>AddSource</c> and
/// <c>AddMeter</c>, or an <see cref="ActivityListener"/>/<see cref="MeterListener"/>) to see them.
/// </summary>
public static class WithingsTelemetry
{
    /// <summary>The name of the activity source and of the meter: <c>Withings.Sdk</c>.</summary>
    public const string Name = "Withings.Sdk";

    /// <summary>Counter of API requests sent, tagged <c>withings.service</c>, <c>withings.action</c> and <c>withings.status_family</c>.</summary>
    public const string RequestsInstrument = "withings.api.requests";

    /// <summary>Histogram of the time, in seconds, from sending a request to its answer, permit wait excluded.</summary>
    public const string DurationInstrument = "withings.api.request.duration";

    /// <summary>Histogram of the time, in seconds, a request waited for a rate-limit permit.</summary>
    public const string PermitWaitInstrument = "withings.api.permit.wait";

    /// <summary>Counter of answers with status 601 (too many requests), tagged like the requests.</summary>
    public const string TooManyRequestsInstrument = "withings.api.too_many_requests";

    /// <summary>Counter of OAuth token refreshes sent (<c>requesttoken</c> with <c>grant_type=refresh_token</c>).</summary>
    public const string TokenRefreshesInstrument = "withings.oauth.token_refreshes";

    /// <summary>
    /// Counter of rows Withings sent that could not be typed and were kept raw (<see cref="FetchResult.UnreadRows"/>),
    /// tagged <c>withings.service</c> and <c>withings.action</c>.
    /// </summary>
    public const string UnreadRowsInstrument = "withings.data.unread_rows";

    internal static ActivitySource Source { get; } = new(Name);

    internal static Meter Meter { get; } = new(Name);
}
