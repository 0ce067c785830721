using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;
using Withings.Sdk.TestSupport;

namespace Withings.Sdk.Redis.Tests;

/// <summary>
/// A real <c>redis-server</c> on a free 127.0.0.1 port, in a temporary directory, append-only persistence on. It can
/// be stopped and started again on the same port and data (an outage); disposing stops it and deletes the directory.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private readonly string _directory;
    private ChildProcess? _process;

    private RedisServer(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var directory = TestTemp.NewDirectory("redis-");
        for (var attempt = 1; ; attempt++)
        {
            var server = new RedisServer(directory, FreePort());
            try
            {
                await server.StartAgainAsync();
                return server;
            }
            catch (PortTakenException) when (attempt < 5)
            {
                // Another process bound the port between the check and redis-server's start: take another one.
                await server.StopAsync();
            }
        }
    }

    public async Task StartAgainAsync()
    {
        var executable = File.Exists("/usr/bin/redis-server") ? "/usr/bin/redis-server" : "redis-server";
        string[] arguments = ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _directory, "--appendonly", "yes", "--save", "", "--protected-mode", "yes"];
        try
        {
            _process = ChildProcess.Start(executable, arguments, _directory);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("redis-server is not installed: run `bash eng/test.sh` (it installs it), or `apt-get install -y redis-server`.", e);
        }

        var process = _process;
        await WaitUntilAsync(async () =>
        {
            if (process.HasExited)
            {
                // redis-server exits at once when it cannot listen on its port.
                throw new PortTakenException($"redis-server exited with {await process.WaitForExitAsync()} on port {Port}.\n{process.Transcript}");
            }

            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync($"{Endpoint},connectTimeout=500");
                await connection.GetDatabase().PingAsync();
                return true;
            }
            catch (RedisException)
            {
                return false;
            }
        });
    }

    /// <summary>Starts the server again unless it is running (a test that stopped it and failed before restarting it).</summary>
    public async Task StartAgainIfStoppedAsync()
    {
        if (_process is null || _process.HasExited)
        {
            await StartAgainAsync();
        }
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            // SIGTERM: Redis flushes the append-only file and exits, as on a clean restart.
            process.Terminate();
            await process.WaitForExitAsync(TimeSpan.FromMinutes(2));
        }

        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            // Killed (SIGKILL) if it still runs: the directory goes with it.
            await _process.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private sealed class PortTakenException(string message) : Exception(message);

    /// <summary>
    /// A loopback port that is free now, below the kernel's ephemeral range when there is room there: a port the
    /// kernel hands out for outgoing connections (or for port 0) could be taken by anyone while a server is down for
    /// an outage test; one below that range is only taken by another test that chose the same number.
    /// </summary>
    public static int FreePort()
    {
        var (low, _) = EphemeralRange();
        for (var attempt = 0; low > 12_000 && attempt < 100; attempt++)
        {
            var candidate = Random.Shared.Next(10_000, low);
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, candidate);
                probe.Start();
                return candidate;
            }
            catch (SocketException)
            {
                // In use: try another.
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static (int Low, int High) EphemeralRange()
    {
        const string RangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
        if (File.Exists(RangeFile)
            && File.ReadAllText(RangeFile).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) is [var low, var high]
            && int.TryParse(low, System.Globalization.CultureInfo.InvariantCulture, out var lowPort)
            && int.TryParse(high, System.Globalization.CultureInfo.InvariantCulture, out var highPort))
        {
            return (lowPort, highPort);
        }

        return (49_152, 65_535);
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromMinutes(3);
        while (!await HoldsAsync(condition))
        {
            if (deadline.Elapsed > limit)
            {
                throw new TimeoutException($"The condition did not hold within {limit}.");
            }

            await Task.Delay(50);
        }
    }

    // A receiver answers a POST once the entry is on the stream; its consumer loop creates the group (from the stream's
    // start, "0-0") when it starts, which on a loaded machine can be a moment later: until then a condition that reads
    // the group does not hold yet, rather than failing the test.
    private static async Task<bool> HoldsAsync(Func<Task<bool>> condition)
    {
        try
        {
            return await condition();
        }
        catch (StackExchange.Redis.RedisServerException e) when (e.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            return false;
        }
    }
}
