using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Withings.Sdk.Redis.Tests;

/// <summary>
/// Redis' <c>MONITOR</c> feed, read on a connection of its own: every command the server runs (those of Lua scripts
/// included), stamped with the server's own clock. Lets a test see when the shared rate limit's script granted each
/// permit, on the clock the bucket runs on, rather than when the request reached a server later.
/// </summary>
internal sealed class RedisMonitor : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly List<string> _lines = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    private RedisMonitor(TcpClient client, StreamReader reader)
    {
        _client = client;
        _reading = Task.Run(() => ReadAsync(reader));
    }

    /// <summary>Starts monitoring; returns once the server confirmed (every command after that is seen).</summary>
    public static async Task<RedisMonitor> StartAsync(RedisServer redis)
    {
        var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", redis.Port);
        var stream = client.GetStream();
        await stream.WriteAsync("MONITOR\r\n"u8.ToArray());
        var reader = new StreamReader(stream, Encoding.UTF8);
        var confirmation = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (confirmation != "+OK")
        {
            client.Dispose();
            throw new InvalidOperationException("MONITOR was refused: " + confirmation);
        }

        return new RedisMonitor(client, reader);
    }

    /// <summary>
    /// The server-clock instants (in seconds) at which a Lua script ran <paramref name="command"/> on
    /// <paramref name="key"/>, in the order the server ran them.
    /// </summary>
    public IReadOnlyList<double> ScriptCommandTimes(string command, string key)
    {
        var marker = $"[0 lua] \"{command}\" \"{key}\"";
        lock (_lines)
        {
            return [.. _lines.Where(l => l.Contains(marker, StringComparison.Ordinal))
                .Select(l => double.Parse(l.AsSpan(1, l.IndexOf(' ', StringComparison.Ordinal) - 1), NumberStyles.Float, CultureInfo.InvariantCulture))];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _client.Dispose();
        try
        {
            await _reading;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection was closed under the reader: that is how it stops.
        }

        _stop.Dispose();
    }

    private async Task ReadAsync(StreamReader reader)
    {
        // Each command is one line: "+<seconds>.<microseconds> [<db> <client>] "COMMAND" "arg"…".
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            lock (_lines)
            {
                _lines.Add(line);
            }
        }
    }
}
