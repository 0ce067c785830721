using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>Collects one instrument of the "Withings.Sdk" meter.</summary>
internal static class Meters
{
    public static MetricCollector<T> Collect<T>(IMeterFactory meters, string instrument)
        where T : struct => new(meters, "Withings.Sdk", instrument);

    public static long Sum(MetricCollector<long> collector) => collector.GetMeasurementSnapshot().Sum(m => m.Value);

    public static long Sum(MetricCollector<long> collector, string tag, string value) =>
        collector.GetMeasurementSnapshot().Where(m => Equals(m.Tags.GetValueOrDefault(tag), value)).Sum(m => m.Value);
}
