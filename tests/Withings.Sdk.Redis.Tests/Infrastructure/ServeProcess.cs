using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Withings.Sdk.Redis.Tests;

/// <summary>
/// The sample's <c>serve --redis</c> as a real child process on its own port; records the user id of every
/// <c>{"handled":true,…}</c> line it prints.
/// </summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process _process;

    private ServeProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    public ConcurrentQueue<long> Handled { get; } = new();

    public ConcurrentQueue<string> Errors { get; } = new();

    public static async Task<ServeProcess> StartAsync(RedisServer redis, int port, IReadOnlyDictionary<string, string>? environment = null, params string[] arguments)
    {
        var sample = Path.Combine(TestContext.CurrentContext.TestDirectory, "Withings.Sdk.Sample.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { sample, "serve", "--urls", $"http://127.0.0.1:{port}", "--secret", RedisReceiverHost.Secret, "--redis", redis.Endpoint })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The sample did not start.");
        var serve = new ServeProcess(process, port);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => serve.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                started.TrySetException(new InvalidOperationException("serve exited: " + string.Join('\n', serve.Errors)));
                return;
            }

            serve.Errors.Enqueue(e.Data);
            if (e.Data.StartsWith("serve: Withings notifications at", StringComparison.Ordinal))
            {
                started.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return serve;
    }

    /// <summary>Freezes the process (SIGSTOP): what it holds stays exactly as it is until <see cref="Kill"/>.</summary>
    public void Freeze() => Signal("-STOP");

    /// <summary>Lets a frozen process run on (SIGCONT).</summary>
    public void Thaw() => Signal("-CONT");

    /// <summary>SIGKILL: no shutdown, no drain, nothing acknowledged any more.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit(30_000);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(30_000);
        }

        _process.Dispose();
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    private void OnLine(string? line)
    {
        if (line is null || !line.StartsWith("{\"handled\":true", StringComparison.Ordinal))
        {
            return;
        }

        using var json = JsonDocument.Parse(line);
        Handled.Enqueue(json.RootElement.GetProperty("userid").GetInt64());
    }
}
