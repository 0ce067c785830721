using BenchmarkDotNet.Attributes;

namespace Withings.Sdk.Benchmarks.Planning;

/// <summary>Adds the request counts and the time per notification to the batch-planning table.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequestCountColumnsAttribute : ColumnConfigBaseAttribute
{
    /// <summary>Adds the columns.</summary>
    public RequestCountColumnsAttribute()
        : base(
            new BatchColumn(BatchColumn.Kind.Requests),
            new BatchColumn(BatchColumn.Kind.FewerRequests),
            new BatchColumn(BatchColumn.Kind.TimePerNotification))
    {
    }
}
