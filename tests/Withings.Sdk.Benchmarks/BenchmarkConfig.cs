using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;

namespace Withings.Sdk.Benchmarks;

/// <summary>BenchmarkDotNet's defaults, with ratios written as "12.3x faster" so they can be quoted as they are.</summary>
public static class BenchmarkConfig
{
    /// <summary>The configuration every run uses; command-line options (<c>--job short</c>, ...) add to it.</summary>
    /// <returns>The configuration.</returns>
    public static IConfig Create() => DefaultConfig.Instance
        .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend));
}
