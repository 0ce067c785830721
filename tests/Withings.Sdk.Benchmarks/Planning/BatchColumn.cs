using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Withings.Sdk.Benchmarks.Planning;

/// <summary>
/// A column of <see cref="PlanBatchBenchmarks"/>: the requests a row's way of planning sends, how many times fewer
/// than one by one, or the mean time per notification (flat across sizes when planning is linear).
/// </summary>
public sealed class BatchColumn : IColumn
{
    private readonly Kind _kind;

    /// <summary>Creates the column.</summary>
    /// <param name="kind">What it shows.</param>
    public BatchColumn(Kind kind) => _kind = kind;

    /// <summary>What a <see cref="BatchColumn"/> shows.</summary>
    public enum Kind
    {
        /// <summary>The number of requests.</summary>
        Requests,

        /// <summary>One-by-one requests divided by this row's requests.</summary>
        FewerRequests,

        /// <summary>Mean time divided by the stream size.</summary>
        TimePerNotification,
    }

    /// <inheritdoc />
    public string Id => $"{nameof(BatchColumn)}.{_kind}";

    /// <inheritdoc />
    public string ColumnName => _kind switch
    {
        Kind.Requests => "Requests",
        Kind.FewerRequests => "Fewer requests",
        _ => "Time/notification",
    };

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public int PriorityInCategory => (int)_kind;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => _kind switch
    {
        Kind.Requests => "Withings requests the plan sends for the whole stream",
        Kind.FewerRequests => "Requests planned one by one divided by this row's requests",
        _ => "Mean divided by the number of notifications",
    };

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var size = (int)benchmarkCase.Parameters[nameof(PlanBatchBenchmarks.Notifications)];
        if (_kind == Kind.TimePerNotification)
        {
            var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
            return mean is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{mean.Value / size:N1} ns");
        }

        var counts = RequestCounts.For(size);
        var batch = benchmarkCase.Descriptor.WorkloadMethod.Name == nameof(PlanBatchBenchmarks.Batch);
        var requests = batch ? counts.Batched : counts.OneByOne;
        return _kind == Kind.Requests
            ? requests.ToString("N0", CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{(batch ? counts.Reduction : 1):0.00}x");
    }

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc />
    public override string ToString() => ColumnName;
}
