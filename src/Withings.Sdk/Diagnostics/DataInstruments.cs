using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Withings.Sdk;

/// <summary>The instruments of the data client's reading, created once on <see cref="WithingsTelemetry.Meter"/>.</summary>
internal static class DataInstruments
{
    public static readonly Counter<long> UnreadRows = WithingsTelemetry.Meter.CreateCounter<long>(
        WithingsTelemetry.UnreadRowsInstrument, "{row}", "Rows Withings sent that could not be typed and were kept raw on the result.");

    public static TagList Tags(string service, string action) => new()
    {
        { "withings.service", service },
        { "withings.action", action },
    };
}
