using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Withings.Sdk;

/// <summary>The outgoing-call instruments, created once on <see cref="WithingsTelemetry.Meter"/>.</summary>
internal static class ApiInstruments
{
    public static readonly Counter<long> Requests = WithingsTelemetry.Meter.CreateCounter<long>(
        WithingsTelemetry.RequestsInstrument, "{request}", "Withings API requests sent, by service, action and status family.");

    public static readonly Histogram<double> Duration = WithingsTelemetry.Meter.CreateHistogram<double>(
        WithingsTelemetry.DurationInstrument, "s", "Time from sending a Withings API request to its answer, the rate-limit wait excluded.");

    public static readonly Histogram<double> PermitWait = WithingsTelemetry.Meter.CreateHistogram<double>(
        WithingsTelemetry.PermitWaitInstrument, "s", "Time a Withings API request waited for a rate-limit permit.");

    public static readonly Counter<long> TooManyRequests = WithingsTelemetry.Meter.CreateCounter<long>(
        WithingsTelemetry.TooManyRequestsInstrument, "{response}", "Withings answers with status 601 (too many requests).");

    public static readonly Counter<long> TokenRefreshes = WithingsTelemetry.Meter.CreateCounter<long>(
        WithingsTelemetry.TokenRefreshesInstrument, "{request}", "OAuth token refreshes sent.");

    public static TagList Tags(string service, string action, string family) => new()
    {
        { "withings.service", service },
        { "withings.action", action },
        { "withings.status_family", family },
    };
}
