using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Withings.Sdk.AspNetCore.LoadTest;

/// <summary>
/// Sends the workload over keep-alive connections, as Withings would, and records each request's status and the
/// latency of its acknowledgement. Sends only to the receiver it is given, which listens on 127.0.0.1.
/// </summary>
internal sealed class HttpClientDriver(Uri address, Workload workload, int connections, string path = "/withings/notify") : IDriver
{
    private static readonly MediaTypeHeaderValue FormContentType = new("application/x-www-form-urlencoded");

    private int _next = -1;

    public int[] Statuses { get; } = new int[workload.Count];

    public long[] Latencies { get; } = new long[workload.Count];

    /// <summary>Called with the number of requests answered so far, after each answer.</summary>
    public Action<int>? Progress { get; init; }

    public async Task<TimeSpan> RunAsync(CancellationToken deadline)
    {
        if (!IPAddress.IsLoopback(IPAddress.Parse(address.Host)))
        {
            throw new InvalidOperationException($"The load driver sends only to loopback addresses, not {address.Host}.");
        }

        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var client = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        var uri = new Uri(address, path);
        var answered = 0;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref _next)) < workload.Count && !deadline.IsCancellationRequested)
            {
                using var content = new ByteArrayContent(workload.Bodies[i]);
                content.Headers.ContentType = FormContentType;
                using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline);
                    Latencies[i] = Stopwatch.GetTimestamp() - sent;
                    Statuses[i] = (int)response.StatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // The host was stopped (fault mode) or the deadline passed: this worker is done.
                    Statuses[i] = 0;
                    return;
                }

                Progress?.Invoke(Interlocked.Increment(ref answered));
            }
        })).ToArray();
        await Task.WhenAll(workers);
        return Stopwatch.GetElapsedTime(started);
    }
}
