namespace Withings.Sdk.AspNetCore.LoadTest;

/// <summary>A load generator: sends the workload and records each request's status and latency.</summary>
internal interface IDriver
{
    /// <summary>The HTTP status of each request; 0 when it was not sent or got no answer.</summary>
    int[] Statuses { get; }

    /// <summary>The latency of each request, in Stopwatch ticks.</summary>
    long[] Latencies { get; }

    Task<TimeSpan> RunAsync(CancellationToken deadline);
}
