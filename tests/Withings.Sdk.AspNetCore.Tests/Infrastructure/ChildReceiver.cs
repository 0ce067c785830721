using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>
/// The receiver hosted by Withings.Sdk.AspNetCore.CrashHost in a child process, which a test can kill (SIGKILL) and
/// start again on the same store. Collects the notifications it reports handled, and its log.
/// </summary>
internal sealed class ChildReceiver : IAsyncDisposable
{
    public const string Secret = "crash-test-secret";

    private readonly Process _process;
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StringBuilder _log = new();
    private readonly List<string> _lines = [];
    private int _deadLettered;

    private ChildReceiver(Process process) => _process = process;

    /// <summary>The user ids reported handled, in order, repeats included.</summary>
    public ConcurrentQueue<long> Handled { get; } = new();

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public Uri Address { get; private set; } = null!;

    /// <summary>How many dead letters the child reported stored.</summary>
    public int DeadLettered => Volatile.Read(ref _deadLettered);

    /// <param name="api">When given, the child runs the sync engine against this Withings look-alike.</param>
    /// <param name="arguments">Further options of the host, for example <c>--tokens stored</c>.</param>
    public static async Task<ChildReceiver> StartAsync(string store, int handlerDelayMs, int handlers, Uri? api = null, params string[] arguments)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { HostAssembly(), "--store", store, "--handler-delay", handlerDelayMs.ToString(CultureInfo.InvariantCulture), "--handlers", handlers.ToString(CultureInfo.InvariantCulture), "--secret", Secret })
        {
            info.ArgumentList.Add(arg);
        }

        if (api is not null)
        {
            info.ArgumentList.Add("--api");
            info.ArgumentList.Add(api.AbsoluteUri);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var child = new ChildReceiver(new Process { StartInfo = info });
        child._process.OutputDataReceived += (_, e) => child.OnOutput(e.Data);
        child._process.ErrorDataReceived += (_, e) =>
        {
            lock (child._log)
            {
                child._log.AppendLine(e.Data);
            }
        };
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        try
        {
            child.Address = await child._listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            await child.DisposeAsync();
            throw new InvalidOperationException("The child receiver did not start: " + child.Log);
        }

        return child;
    }

    /// <summary>Sends a command line to the host and waits for its answer: the first new line starting with <paramref name="reply"/> or "failed".</summary>
    public async Task<string> CommandAsync(string command, string reply)
    {
        int seen;
        lock (_lines)
        {
            seen = _lines.Count;
        }

        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            lock (_lines)
            {
                var answer = _lines.Skip(seen).FirstOrDefault(l => l.StartsWith(reply, StringComparison.Ordinal) || l.StartsWith("failed ", StringComparison.Ordinal));
                if (answer is not null)
                {
                    return answer.StartsWith("failed ", StringComparison.Ordinal) && !reply.StartsWith("failed ", StringComparison.Ordinal)
                        ? throw new InvalidOperationException($"The host answered '{command}' with: {answer}")
                        : answer;
                }
            }

            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new TimeoutException($"No answer '{reply}…' to '{command}' (exited: {_process.HasExited}); log: {Log}");
            }

            // Polls the answer lines; the deadline is generous for a loaded machine.
            await Task.Delay(50);
        }
    }

    /// <summary>Kills the process at once (SIGKILL on Unix), and waits until its last output line was read.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await _outputClosed.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async Task WaitUntilHandledAsync(IReadOnlyCollection<long> ids, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var handled = new HashSet<long>(Handled);
            var missing = ids.Count(id => !handled.Contains(id));
            if (missing == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new TimeoutException($"{missing} of {ids.Count} notifications not handled ({handled.Count} handled, exited: {_process.HasExited}); log: {Log}");
            }

            // Polls the handled lines; the deadline is generous for a loaded machine.
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnOutput(string? line)
    {
        if (line is not null)
        {
            lock (_lines)
            {
                _lines.Add(line);
            }
        }

        if (line is null)
        {
            _outputClosed.TrySetResult();
        }
        else if (line.StartsWith("handled ", StringComparison.Ordinal))
        {
            Handled.Enqueue(long.Parse(line.AsSpan(8), CultureInfo.InvariantCulture));
        }
        else if (line == "deadletter")
        {
            Interlocked.Increment(ref _deadLettered);
        }
        else if (line.StartsWith("listening ", StringComparison.Ordinal))
        {
            _listening.TrySetResult(new Uri(line[10..]));
        }
    }

    private static string HostAssembly()
    {
        // tests/Withings.Sdk.AspNetCore.Tests/bin/<Configuration>/<tfm>/ → the same place in the host's project.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = output.Name;
        var configuration = output.Parent!.Name;
        var tests = output.Parent.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(tests, "Withings.Sdk.AspNetCore.CrashHost", "bin", configuration, tfm, "Withings.Sdk.AspNetCore.CrashHost.dll");
    }
}
