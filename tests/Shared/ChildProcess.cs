using System.Diagnostics;
using System.Globalization;

namespace Withings.Sdk.TestSupport;

/// <summary>What a child process run to its end exited with and printed.</summary>
internal sealed record ChildProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Both streams, for a failure message.</summary>
    public string Output => StandardOutput + StandardError;
}

/// <summary>
/// A program run as a user runs it, in a child process of the test (by default the <c>dotnet</c> host running a built
/// dll): its standard output and error are collected line by line, standard input stays open until the test writes to
/// it or closes it, and it can be stopped, frozen or killed (SIGKILL). Shared by every test project that starts a
/// process (linked source, tests/Shared): the crash host, the sample's <c>serve</c> and <c>deadletters</c>, the
/// ASP.NET Core example, <c>redis-server</c>, <c>mount</c>, <c>python3</c> and the <c>dotnet</c> command line.
/// </summary>
/// <remarks>
/// Waiting is always on a condition with a generous hang guard, never on a fixed delay: a passing test waits only as
/// long as the child takes. Once the process is gone (killed, stopped or exited), <see cref="WaitForExitAsync"/> and
/// <see cref="KillAsync"/> return only after both streams were read to their end, so the lines read are all it printed.
/// </remarks>
internal sealed class ChildProcess : IAsyncDisposable
{
    /// <summary>The hang guard of the waits that take no timeout: long enough for a loaded machine.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(3);

    private readonly Process _process;
    private readonly Action<string>? _onOutput;
    private readonly Action<string>? _onError;
    private readonly List<string> _output = [];
    private readonly List<string> _error = [];
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _errorClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _changed = new(0);

    private ChildProcess(Process process, Action<string>? onOutput, Action<string>? onError)
    {
        _process = process;
        _onOutput = onOutput;
        _onError = onError;
    }

    /// <summary>The <c>dotnet</c> host that runs the tests, to run a built dll with the same runtime.</summary>
    public static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once <see cref="WaitForExitAsync"/> returned.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The standard output lines read so far.</summary>
    public IReadOnlyList<string> Output => Snapshot(_output);

    /// <summary>The standard error lines read so far.</summary>
    public IReadOnlyList<string> Error => Snapshot(_error);

    /// <summary>Everything read so far, for a failure message.</summary>
    public string Transcript => $"standard output:\n{string.Join('\n', Output)}\nstandard error:\n{string.Join('\n', Error)}";

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/>.</summary>
    /// <param name="environment">Variables to set; a null value removes the variable.</param>
    /// <param name="onOutput">Called with each standard output line, in order, before it is listed in <see cref="Output"/>.</param>
    /// <param name="onError">Called with each standard error line, in order, before it is listed in <see cref="Error"/>.</param>
    public static ChildProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        Action<string>? onOutput = null,
        Action<string>? onError = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        var child = new ChildProcess(new Process { StartInfo = info }, onOutput, onError);
        child._process.OutputDataReceived += (_, e) => child.OnLine(e.Data, child._output, child._onOutput, child._outputClosed);
        child._process.ErrorDataReceived += (_, e) => child.OnLine(e.Data, child._error, child._onError, child._errorClosed);
        try
        {
            child._process.Start();
        }
        catch
        {
            // Not started (no such program): nothing to read or kill, only what was allocated to release.
            child._process.Dispose();
            child._changed.Dispose();
            throw;
        }

        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>
    /// Runs <c>dotnet arguments…</c> (or another program) to its end with standard input closed, as a terminal user
    /// would; kills it after <paramref name="timeout"/> and says so in standard error, with exit code -1.
    /// </summary>
    public static async Task<ChildProcessResult> RunAsync(
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? fileName = null)
    {
        await using var child = Start(fileName ?? DotnetHost, arguments, workingDirectory, environment);
        child.CloseInput();
        int exitCode;
        try
        {
            exitCode = await child.WaitForExitAsync(timeout);
        }
        catch (TimeoutException)
        {
            await child.KillAsync();
            return new ChildProcessResult(-1, Text(child.Output), Text(child.Error) + $"(killed after {timeout.TotalSeconds:0} s)\n");
        }

        return new ChildProcessResult(exitCode, Text(child.Output), Text(child.Error));
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, checked after each line read (and at least every 100 ms);
    /// fails with the transcript when the process ended without it, or after <paramref name="timeout"/>.
    /// </summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultWait;
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (_outputClosed.Task.IsCompleted && _errorClosed.Task.IsCompleted)
            {
                // Every line was read and the condition still does not hold: it never will.
                if (condition())
                {
                    return;
                }

                throw new InvalidOperationException($"The process ended before {what}.\n{Transcript}");
            }

            var left = limit - watch.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Not {what} within {limit.TotalSeconds:0} s.\n{Transcript}");
            }

            await _changed.WaitAsync(left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100));

            // Many lines may have arrived meanwhile: one check covers them all.
            while (_changed.Wait(0))
            {
            }
        }
    }

    /// <summary>Waits for the first standard output (or error) line that <paramref name="match"/> accepts and returns it.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what, bool standardError = false, TimeSpan? timeout = null)
    {
        string? found = null;
        await WaitUntilAsync(() => (found = (standardError ? Error : Output).FirstOrDefault(match)) is not null, what, timeout);
        return found!;
    }

    /// <summary>Writes one line to the child's standard input.</summary>
    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Closes the child's standard input: it reads the end of it.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Waits until the process exited and both its streams were read to the end; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultWait;
        try
        {
            await Task.WhenAll(_process.WaitForExitAsync(), _outputClosed.Task, _errorClosed.Task).WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The process did not exit within {limit.TotalSeconds:0} s.\n{Transcript}");
        }

        return _process.ExitCode;
    }

    /// <summary>Kills the process at once (SIGKILL on Unix: no shutdown code runs), and waits until its last line was read.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill.
            }
        }

        await WaitForExitAsync();
    }

    /// <summary>Asks the process to stop (SIGTERM): it runs its shutdown code; <see cref="WaitForExitAsync"/> waits for its end.</summary>
    public void Terminate() => Signal("-TERM");

    /// <summary>Freezes the process (SIGSTOP): what it holds stays exactly as it is until <see cref="Thaw"/> or a kill.</summary>
    public void Freeze() => Signal("-STOP");

    /// <summary>Lets a frozen process run on (SIGCONT).</summary>
    public void Thaw() => Signal("-CONT");

    /// <summary>Kills the process if it still runs (a test that failed half-way), and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (TimeoutException)
        {
            // A process that does not die within the hang guard: the test already failed; release what can be.
        }

        _process.Dispose();
        _changed.Dispose();
    }

    private static IReadOnlyList<string> Snapshot(List<string> lines)
    {
        lock (lines)
        {
            return [.. lines];
        }
    }

    private static string Text(IReadOnlyList<string> lines) => string.Concat(lines.Select(l => l + "\n"));

    private void OnLine(string? line, List<string> lines, Action<string>? callback, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
        }
        else
        {
            callback?.Invoke(line);
            lock (lines)
            {
                lines.Add(line);
            }
        }

        try
        {
            _changed.Release();
        }
        catch (ObjectDisposedException)
        {
            // A line read after the test let the process go: nobody waits for it any more.
        }
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(CultureInfo.InvariantCulture)])
            ?? throw new InvalidOperationException("kill did not start.");
        kill.WaitForExit();
    }
}
