using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Withings.Sdk.AspNetCore.LoadTest;

/// <summary>
/// A lean HTTP/1.1 keep-alive client over raw sockets: one request in flight per connection, the response read up to
/// its end (headers and Content-Length body). It costs a fraction of HttpClient's CPU, which matters when driver and
/// server share two cores. Connects only to the loopback address it is given.
/// </summary>
internal sealed class SocketDriver(Uri address, Workload workload, int connections, string path = "/withings/notify") : IDriver
{
    private int _next = -1;

    public int[] Statuses { get; } = new int[workload.Count];

    public long[] Latencies { get; } = new long[workload.Count];

    public Action<int>? Progress { get; init; }

    public async Task<TimeSpan> RunAsync(CancellationToken deadline)
    {
        var ip = IPAddress.Parse(address.Host);
        if (!IPAddress.IsLoopback(ip))
        {
            throw new InvalidOperationException($"The load driver sends only to loopback addresses, not {address.Host}.");
        }

        var endpoint = new IPEndPoint(ip, address.Port);
        var head = Encoding.ASCII.GetBytes($"POST {path} HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ");
        var answered = 0;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(endpoint, deadline);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                return;
            }

            var send = new byte[head.Length + 16 + workload.Bodies.Select(b => b.Length).DefaultIfEmpty(0).Max()];
            var receive = new byte[16 * 1024];
            int i;
            while ((i = Interlocked.Increment(ref _next)) < workload.Count && !deadline.IsCancellationRequested)
            {
                var body = workload.Bodies[i];
                var length = Compose(send, head, body);
                var sent = Stopwatch.GetTimestamp();
                int status;
                try
                {
                    await socket.SendAsync(send.AsMemory(0, length), SocketFlags.None, deadline);
                    status = await ReadResponseAsync(socket, receive, deadline);
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
                {
                    status = 0;
                }

                if (status == 0)
                {
                    // The host was stopped (fault mode) or the deadline passed: this connection is done.
                    return;
                }

                Latencies[i] = Stopwatch.GetTimestamp() - sent;
                Statuses[i] = status;
                Progress?.Invoke(Interlocked.Increment(ref answered));
            }
        })).ToArray();
        await Task.WhenAll(workers);
        return Stopwatch.GetElapsedTime(started);
    }

    private static int Compose(byte[] buffer, byte[] head, byte[] body)
    {
        head.CopyTo(buffer, 0);
        var at = head.Length;
        Utf8Formatter.TryFormat(body.Length, buffer.AsSpan(at), out var written);
        at += written;
        buffer[at++] = (byte)'\r';
        buffer[at++] = (byte)'\n';
        buffer[at++] = (byte)'\r';
        buffer[at++] = (byte)'\n';
        body.CopyTo(buffer, at);
        return at + body.Length;
    }

    /// <summary>Reads one response; returns its status, or 0 when the connection closed first.</summary>
    private static async Task<int> ReadResponseAsync(Socket socket, byte[] buffer, CancellationToken deadline)
    {
        var filled = 0;
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, deadline);
            if (read == 0)
            {
                return 0;
            }

            filled += read;
            var end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8);
            if (end < 0)
            {
                continue;
            }

            var headers = buffer.AsSpan(0, end);
            var status = int.Parse(Encoding.ASCII.GetString(headers.Slice(9, 3)), System.Globalization.CultureInfo.InvariantCulture);
            var bodyLength = ContentLength(headers);
            var have = filled - (end + 4);
            while (have < bodyLength)
            {
                // Only error pages have bodies, and they are small: read and drop.
                read = await socket.ReceiveAsync(buffer.AsMemory(0), SocketFlags.None, deadline);
                if (read == 0)
                {
                    return 0;
                }

                have += read;
            }

            return status;
        }
    }

    private static int ContentLength(ReadOnlySpan<byte> headers)
    {
        var at = headers.IndexOf("Content-Length: "u8);
        if (at < 0)
        {
            return 0;
        }

        return Utf8Parser.TryParse(headers[(at + 16)..], out int length, out _) ? length : 0;
    }
}
