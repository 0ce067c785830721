using System.Collections.Concurrent;
using System.Globalization;
using Withings.Sdk.TestSupport;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>
/// The receiver hosted by Withings.Sdk.AspNetCore.CrashHost in a child process (<see cref="ChildProcess"/>), which a
/// test can kill (SIGKILL) and start again on the same store. Collects the notifications it reports handled, and its log.
/// </summary>
internal sealed class ChildReceiver : IAsyncDisposable
{
    public const string Secret = "crash-test-secret";

    private readonly ChildProcess _process;

    private ChildReceiver(ChildProcess process, ConcurrentQueue<long> handled)
    {
        _process = process;
        Handled = handled;
    }

    /// <summary>The user ids reported handled, in order, repeats included.</summary>
    public ConcurrentQueue<long> Handled { get; }

    /// <summary>The receiver's own log (its standard error) so far.</summary>
    public string Log => string.Join('\n', _process.Error);

    public Uri Address { get; private set; } = null!;

    /// <summary>How many dead letters the child reported stored.</summary>
    public int DeadLettered => _process.Output.Count(l => l == "deadletter");

    /// <param name="api">When given, the child runs the sync engine against this Withings look-alike.</param>
    /// <param name="holdAfter">When given, every notification past this many handled ones waits in its handler
    /// until the process ends, so that the test knows a backlog is left whatever the machine's speed.</param>
    /// <param name="options">Further options of the host, for example <c>--tokens stored</c>.</param>
    public static async Task<ChildReceiver> StartAsync(string store, int handlerDelayMs, int handlers, Uri? api = null, int? holdAfter = null, params string[] options)
    {
        var arguments = new List<string> { Repository.BuiltAssembly("tests/Withings.Sdk.AspNetCore.CrashHost"), "--store", store, "--handler-delay", handlerDelayMs.ToString(CultureInfo.InvariantCulture), "--handlers", handlers.ToString(CultureInfo.InvariantCulture), "--secret", Secret };
        if (api is not null)
        {
            arguments.AddRange(["--api", api.AbsoluteUri]);
        }

        arguments.AddRange(options);
        if (holdAfter is { } hold)
        {
            arguments.AddRange(["--hold-after", hold.ToString(CultureInfo.InvariantCulture)]);
        }

        var handled = new ConcurrentQueue<long>();
        var process = ChildProcess.Start(
            ChildProcess.DotnetHost,
            arguments,
            // Killed with SIGKILL, the runtime could not remove its diagnostics socket from the temp folder.
            environment: new Dictionary<string, string?> { ["DOTNET_EnableDiagnostics"] = "0" },
            onOutput: line =>
            {
                if (line.StartsWith("handled ", StringComparison.Ordinal))
                {
                    handled.Enqueue(long.Parse(line.AsSpan(8), CultureInfo.InvariantCulture));
                }
            });
        var child = new ChildReceiver(process, handled);
        try
        {
            var listening = await process.WaitForLineAsync(l => l.StartsWith("listening ", StringComparison.Ordinal), "listening");
            child.Address = new Uri(listening[10..]);
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }

        return child;
    }

    /// <summary>Sends a command line to the host and waits for its answer: the first new line starting with <paramref name="reply"/> or "failed".</summary>
    public async Task<string> CommandAsync(string command, string reply)
    {
        var seen = _process.Output.Count;
        await _process.WriteLineAsync(command);
        string? answer = null;
        await _process.WaitUntilAsync(
            () => (answer = _process.Output.Skip(seen).FirstOrDefault(l => l.StartsWith(reply, StringComparison.Ordinal) || l.StartsWith("failed ", StringComparison.Ordinal))) is not null,
            $"the answer '{reply}…' to '{command}'");
        return answer!.StartsWith("failed ", StringComparison.Ordinal) && !reply.StartsWith("failed ", StringComparison.Ordinal)
            ? throw new InvalidOperationException($"The host answered '{command}' with: {answer}")
            : answer;
    }

    /// <summary>Kills the process at once (SIGKILL on Unix), and waits until its last output line was read.</summary>
    /// <summary>The standard output lines read so far.</summary>
    public IReadOnlyList<string> Output => _process.Output;

    /// <summary>Waits until the standard output read so far satisfies <paramref name="condition"/> (a hang guard only).</summary>
    public Task WaitForOutputAsync(Func<IReadOnlyList<string>, bool> condition, string what) => _process.WaitUntilAsync(() => condition(_process.Output), what);

    public Task KillAsync() => _process.KillAsync();

    /// <summary>
    /// Stops the process as an operator would ("stop" on its standard input: the host drains and exits), and waits
    /// until every line it printed was read: <see cref="Handled"/> and <see cref="Log"/> are then complete.
    /// </summary>
    public async Task StopAsync()
    {
        await _process.WriteLineAsync("stop");
        if (await _process.WaitForExitAsync() != 0)
        {
            throw new InvalidOperationException("The child receiver did not stop cleanly.\n" + _process.Transcript);
        }
    }

    /// <summary>Waits until every one of <paramref name="ids"/> was reported handled; a <see cref="TimeoutException"/>
    /// (with the child's output) when that does not happen within <paramref name="timeout"/> or the child ended first.</summary>
    public async Task WaitUntilHandledAsync(IReadOnlyCollection<long> ids, TimeSpan timeout)
    {
        try
        {
            await _process.WaitUntilAsync(
                () =>
                {
                    var handled = new HashSet<long>(Handled);
                    return ids.All(handled.Contains);
                },
                $"all {ids.Count} notifications handled",
                timeout);
        }
        catch (InvalidOperationException ended)
        {
            throw new TimeoutException(ended.Message, ended);
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
