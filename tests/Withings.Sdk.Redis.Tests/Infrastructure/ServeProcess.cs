using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Withings.Sdk.TestSupport;

namespace Withings.Sdk.Redis.Tests;

/// <summary>
/// The sample's <c>serve --redis</c> as a real child process (<see cref="ChildProcess"/>) on a port of its own, which
/// the kernel chose (it is read from serve's banner); records the user id of every <c>{"handled":true,…}</c> line it
/// prints.
/// </summary>
internal sealed partial class ServeProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private ServeProcess(ChildProcess process, ConcurrentQueue<long> handled)
    {
        _process = process;
        Handled = handled;
    }

    public int Port { get; private set; }

    public int ProcessId => _process.Id;

    public ConcurrentQueue<long> Handled { get; }

    public static async Task<ServeProcess> StartAsync(RedisServer redis, IReadOnlyDictionary<string, string>? environment = null, params string[] arguments)
    {
        var sample = Path.Combine(TestContext.CurrentContext.TestDirectory, "Withings.Sdk.Sample.dll");
        var variables = new Dictionary<string, string?> { ["DOTNET_EnableDiagnostics"] = "0" };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        var handled = new ConcurrentQueue<long>();
        var process = ChildProcess.Start(
            ChildProcess.DotnetHost,
            [sample, "serve", "--urls", "http://127.0.0.1:0", "--secret", RedisReceiverHost.Secret, "--redis", redis.Endpoint, .. arguments],
            environment: variables,
            onOutput: line =>
            {
                if (line.StartsWith("{\"handled\":true", StringComparison.Ordinal))
                {
                    using var json = JsonDocument.Parse(line);
                    handled.Enqueue(json.RootElement.GetProperty("userid").GetInt64());
                }
            });
        var serve = new ServeProcess(process, handled);
        try
        {
            var banner = await process.WaitForLineAsync(l => l.StartsWith("serve: Withings notifications at", StringComparison.Ordinal), "serve listening", standardError: true);
            serve.Port = int.Parse(BannerPort().Match(banner).Groups[1].Value, CultureInfo.InvariantCulture);
        }
        catch
        {
            await serve.DisposeAsync();
            throw;
        }

        return serve;
    }

    /// <summary>Freezes the process (SIGSTOP): what it holds stays exactly as it is until <see cref="KillAsync"/>.</summary>
    public void Freeze() => _process.Freeze();

    /// <summary>Lets a frozen process run on (SIGCONT).</summary>
    public void Thaw() => _process.Thaw();

    /// <summary>SIGKILL: no shutdown, no drain, nothing acknowledged any more; returns once its last line was read.</summary>
    public Task KillAsync() => _process.KillAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    [GeneratedRegex(@"http://127\.0\.0\.1:(\d+)/")]
    private static partial Regex BannerPort();
}
