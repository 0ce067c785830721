using Microsoft.Extensions.Time.Testing;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Planning;

namespace Withings.Sdk.Tests.Support;

/// <summary>
/// The executor's pieces wired by hand over one strict <see cref="WithingsLookAlike"/> on loopback: the client id and
/// secret of Withings' own samples, a fake clock at 1594159644 (2020-07-07T22:07:24Z), retries without delay (601 included).
/// </summary>
internal sealed class Harness : IDisposable
{
    public const string ClientId = "7573fd4a4c421ddd102dac406dc6e0e0e22f683c4a5e81ff0a5caf8b65abed67";
    public const string ClientSecret = "d9286311451fc6ed71b372a075c58c5058be158f56a77865e43ab3783255424f";
    public const long UserId = 363;

    public Harness()
    {
        // Started synchronously: FsCheck's property bodies are synchronous, and NUnit runs tests without a
        // synchronization context, so waiting here cannot deadlock.
        Api = LookAlikes.StartStrictAsync(Clock).GetAwaiter().GetResult();
        Http = new HttpClient(Api.CreateHandler());
        Store = new RecordingTokenStore(Events);
        Monitor = new StaticOptionsMonitor(Options);
        OAuth = new WithingsOAuthClient(Http, Store, Monitor, Clock);
        Tokens = new WithingsAccessTokenProvider(Store, OAuth, Monitor, Clock);
        Data = new WithingsDataClient(Http, Monitor, Tokens, Clock);
    }

    public static DateTimeOffset Now { get; } = DateTimeOffset.FromUnixTimeSeconds(1594159644);

    public WithingsLookAlike Api { get; }

    /// <summary>The client the harness's pieces send through, to the look-alike; a test may build its own pieces on it.</summary>
    public HttpClient Http { get; }

    public FakeTimeProvider Clock { get; } = new(Now);

    public List<string> Events { get; } = [];

    public RecordingTokenStore Store { get; }

    public WithingsOptions Options { get; } = new()
    {
        ClientId = ClientId,
        ClientSecret = ClientSecret,
        Retry = new WithingsRetryOptions { MaxAttempts = 4, BaseDelay = TimeSpan.Zero, RateLimitWait = TimeSpan.Zero },
    };

    public StaticOptionsMonitor Monitor { get; }

    public WithingsOAuthClient OAuth { get; }

    public WithingsAccessTokenProvider Tokens { get; }

    public WithingsDataClient Data { get; }

    /// <summary>Stores a pair for <see cref="UserId"/> that expires <paramref name="expiresIn"/> from now.</summary>
    public Task SeedTokens(string accessToken, string refreshToken, TimeSpan expiresIn) =>
        Store.Seed(new WithingsTokenPair(UserId, accessToken, refreshToken, Now + expiresIn, "user.metrics"));

    public void Dispose()
    {
        Http.Dispose();
        Api.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
