using System.Threading.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Withings.Sdk.Testing;

namespace Withings.Sdk.Tests.Support;

/// <summary>
/// The SDK as an application registers it (<c>AddWithingsNotifications</c>), against a loopback Withings look-alike,
/// with the application-wide limiter on a fake clock: grants happen only when the test advances the clock, so a test
/// of hundreds of requests runs in seconds and sees the same grants on any machine.
/// </summary>
internal sealed class LoadRig : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private LoadRig(WithingsLookAlike server, ServiceProvider provider, FakeTimeProvider clock, CapturingLoggerProvider logs)
    {
        Server = server;
        _provider = provider;
        Clock = clock;
        Logs = logs;
    }

    public static DateTimeOffset Start { get; } = DateTimeOffset.FromUnixTimeSeconds(1594159644);

    public WithingsLookAlike Server { get; }

    public FakeTimeProvider Clock { get; }

    public CapturingLoggerProvider Logs { get; }

    public IWithingsDataClient Data => _provider.GetRequiredService<IWithingsDataClient>();

    public IWithingsTokenStore Store => _provider.GetRequiredService<IWithingsTokenStore>();

    public WithingsRateLimiter Limiter => (WithingsRateLimiter)_provider.GetRequiredKeyedService<RateLimiter>(WithingsRateLimiter.ServiceKey);

    /// <summary>Every request Withings received, with the fake time it arrived at.</summary>
    public IReadOnlyList<(DateTimeOffset At, WithingsRequest Call)> Arrivals => [.. Server.Requests.Select(r => (r.ReceivedAt, r))];

    /// <summary>Starts the look-alike and the SDK's services.</summary>
    /// <param name="reply">The look-alike's answer to a call, given the fake time it arrived at.</param>
    /// <param name="settings">Withings settings on top of the look-alike's address and the sample client of Withings' API reference.</param>
    /// <param name="httpTimeout">The named client's HttpClient.Timeout (real time).</param>
    /// <param name="tokenStore">A store of the test's own; the SDK's in-memory one when null.</param>
    public static async Task<LoadRig> StartAsync(
        Func<WithingsRequest, DateTimeOffset, string> reply,
        IReadOnlyDictionary<string, string?>? settings = null,
        TimeSpan? httpTimeout = null,
        IWithingsTokenStore? tokenStore = null)
    {
        var clock = new FakeTimeProvider(Start);
        var server = await WithingsLookAlike.StartAsync(new WithingsLookAlikeOptions { TimeProvider = clock });
        server.Map(call => WithingsReply.Json(reply(call, call.ReceivedAt)));
        var configuration = new Dictionary<string, string?>
        {
            ["Withings:ApiBaseAddress"] = server.BaseAddress.AbsoluteUri,
            ["Withings:ClientId"] = Harness.ClientId,
            ["Withings:ClientSecret"] = Harness.ClientSecret,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        services.AddSingleton<TimeProvider>(clock);
        services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        if (tokenStore is not null)
        {
            services.AddSingleton(tokenStore);
        }

        services.AddWithingsNotifications();
        if (httpTimeout is { } timeout)
        {
            services.AddHttpClient(WithingsBuilder.HttpClientName).ConfigureHttpClient(c => c.Timeout = timeout);
        }

        return new LoadRig(server, services.BuildServiceProvider(), clock, logs);
    }

    /// <summary>A plain getmeas request of one user (the sample values of Withings' API reference).</summary>
    public static FetchRequest Getmeas(long userId, int n) => new(
        userId,
        "/measure",
        [new("action", "getmeas"), new("meastypes", "1"), new("category", "1"), new("startdate", (1594245600 + n).ToString(System.Globalization.CultureInfo.InvariantCulture)), new("enddate", "1594418400")],
        requiresSignature: false);

    /// <summary>Real time passes (for sockets and HttpClient.Timeout) until <paramref name="condition"/> holds; the fake clock does not move.</summary>
    /// <param name="condition">What must hold.</param>
    /// <param name="what">What is waited for, in words.</param>
    /// <param name="state">What to print when the wait times out (the logs so far, say), to see why.</param>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, Func<string>? state = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Timed out waiting until " + what + (state is null ? string.Empty : Environment.NewLine + state()));
            }

            await Task.Delay(10);
        }
    }

    /// <summary>
    /// Advances the fake clock by <paramref name="step"/> at a time until <paramref name="done"/>. Between steps it
    /// lets real I/O run until every request granted a permit has reached the look-alike, so that each request is
    /// stamped with the fake time it was granted at, however slowly the machine moves it over the socket.
    /// </summary>
    public async Task PumpUntilAsync(Func<bool> done, TimeSpan step, TimeSpan atMost)
    {
        var end = Clock.GetUtcNow() + atMost;
        while (!done())
        {
            if (Clock.GetUtcNow() >= end)
            {
                Assert.Fail($"Still not done after {atMost} of fake time");
            }

            await WaitUntilAsync(() => done() || Server.Requests.Count >= Limiter.GetStatistics()!.TotalSuccessfulLeases, "every granted request reached the look-alike");
            Clock.Advance(step);
            await Task.Delay(5);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await Server.DisposeAsync();
    }
}
