using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>
/// Slow, aborted and oversized requests over real sockets: each ends as a counted rejection, never as an unhandled
/// exception, and the counters' identity (received = acknowledged + rejected) holds afterwards.
/// </summary>
public sealed class HostileRequestTests
{
    private const int Slow = 2;
    private const int Aborted = 3;
    private const int Oversized = 2;
    private const int Legitimate = 5;

    [Test]
    public async Task Mix_SlowAbortedOversizedAndLegitimate_EveryPostCountedAndNoUnhandledError()
    {
        var handler = new RecordingHandler();
        await using var host = await ReceiverHost.StartAsync(
            r => r.RecordInto(handler),
            services: s => s.Configure<KestrelServerOptions>(k =>
                k.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(2))));
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var received = Meters.Collect<long>(meters, "withings.notifications.received");
        using var acknowledged = Meters.Collect<long>(meters, "withings.notifications.acknowledged");
        using var rejected = Meters.Collect<long>(meters, "withings.notifications.rejected");
        var port = host.Client.BaseAddress!.Port;

        var slow = Enumerable.Range(0, Slow).Select(_ => SlowAsync(port)).ToList();
        var oversized = new[] { OversizedDeclaredAsync(port), OversizedChunkedAsync(port) };
        var legitimate = Enumerable.Range(1, Legitimate).Select(async i =>
        {
            using var response = await host.PostAsync(Payloads.Weight(i, 1530576000));
            return response.StatusCode;
        }).ToList();

        (await Task.WhenAll(legitimate)).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        (await Task.WhenAll(oversized)).Should().AllBe("413");

        // The slow ones too are received before an aborted one is sent, so that the count below is that one's alone.
        await WaitUntilAsync(() => Meters.Sum(received) == Slow + Oversized + Legitimate, "the slow, oversized and legitimate posts received");
        for (var i = 0; i < Aborted; i++)
        {
            // Gone only once the endpoint is reading it: a reset before that never reaches the application.
            var expected = Slow + Oversized + Legitimate + i + 1;
            await AbortedAsync(port, () => WaitUntilAsync(() => Meters.Sum(received) == expected, $"aborted post {i + 1} received"));
        }

        var slowAnswers = await Task.WhenAll(slow);
        slowAnswers.Should().OnlyContain(a => a == "408" || a == "closed");

        const int Total = Slow + Aborted + Oversized + Legitimate;
        await WaitUntilAsync(() => Meters.Sum(received) == Total && Meters.Sum(acknowledged) + Meters.Sum(rejected) == Total, "every post counted as acknowledged or rejected");
        Meters.Sum(acknowledged).Should().Be(Legitimate);
        Meters.Sum(rejected, "reason", "too_large").Should().Be(Oversized);

        // An aborted post is reset as soon as it is seen received; on a loaded machine the test may come back to it
        // only after Kestrel's grace period, which then cut it as too slow first: either is a counted rejection.
        var tooSlow = Meters.Sum(rejected, "reason", "too_slow");
        tooSlow.Should().BeInRange(Slow, Slow + Aborted);
        (tooSlow + Meters.Sum(rejected, "reason", "aborted") + Meters.Sum(rejected, "reason", "bad_request")).Should().Be(Slow + Aborted);
        // Kestrel may still log its own failure to drain the body of a reset connection (dotnet/aspnetcore#17840):
        // that is the server's bookkeeping, not the application's. What must not appear is an application error.
        var records = host.Logs.GetSnapshot();
        records.Should().NotContain(r => r.Message.Contains("unhandled exception", StringComparison.OrdinalIgnoreCase));
        records.Should().NotContain(r => r.Level >= LogLevel.Error && r.Category!.StartsWith("Withings", StringComparison.Ordinal));
    }

    /// <summary>Declares 200 bytes, sends 5, then nothing: Kestrel's minimum body data rate cuts it.</summary>
    private static async Task<string> SlowAsync(int port)
    {
        using var socket = await ConnectAsync(port);
        await SendAsync(socket, Head("Content-Length: 200") + "useri");
        return await ReadStatusAsync(socket);
    }

    /// <summary>Declares 100 bytes, sends 10 and goes away.</summary>
    private static async Task AbortedAsync(int port, Func<Task> untilReceived)
    {
        using var socket = await ConnectAsync(port);
        await SendAsync(socket, Head("Content-Length: 100") + "userid=123");
        await untilReceived();
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    private static async Task<string> OversizedDeclaredAsync(int port)
    {
        using var socket = await ConnectAsync(port);
        await SendAsync(socket, Head("Content-Length: 70000"));
        return await ReadStatusAsync(socket);
    }

    private static async Task<string> OversizedChunkedAsync(int port)
    {
        using var socket = await ConnectAsync(port);
        var chunk = new string('x', 8192);
        var body = new StringBuilder(Head("Transfer-Encoding: chunked"));
        for (var i = 0; i < 9; i++)
        {
            body.Append("2000\r\n").Append(chunk).Append("\r\n");
        }

        try
        {
            await SendAsync(socket, body.Append("0\r\n\r\n").ToString());
        }
        catch (SocketException)
        {
            // The server may answer and close before the last chunk is sent.
        }

        return await ReadStatusAsync(socket);
    }

    private static string Head(string lengthHeader) =>
        $"POST /withings/notify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n{lengthHeader}\r\nConnection: close\r\n\r\n";

    private static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        return socket;
    }

    private static async Task SendAsync(Socket socket, string text) => await socket.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None);

    /// <summary>The status code of the answer, or "closed" when the server closed without one.</summary>
    private static async Task<string> ReadStatusAsync(Socket socket)
    {
        var buffer = new byte[512];
        try
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TestTimeouts.Wait);
            var text = Encoding.ASCII.GetString(buffer, 0, read);
            return text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? text.Substring(9, 3) : "closed";
        }
        catch (SocketException)
        {
            return "closed";
        }
    }

    // Polls the counters (they change on Kestrel's threads); the guard only bounds a broken run.
    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        while (!condition())
        {
            try
            {
                await Task.Delay(25, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out waiting for {what}.");
            }
        }
    }
}
