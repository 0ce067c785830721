using Microsoft.Extensions.Time.Testing;
using Withings.Sdk.Tests.Planning;

namespace Withings.Sdk.Tests.Support;

/// <summary>
/// The executor's pieces wired by hand over one <see cref="RoutedWithingsApi"/>: the client id and secret of
/// openapi.yml's own samples, a fake clock at 1594159644 (2020-07-07T22:07:24Z), retries without delay (601 included).
/// </summary>
internal sealed class Harness : IDisposable
{
    public const string ClientId = "7573fd4a4c421ddd102dac406dc6e0e0e22f683c4a5e81ff0a5caf8b65abed67";
    public const string ClientSecret = "d9286311451fc6ed71b372a075c58c5058be158f56a77865e43ab3783255424f";
    public const long UserId = 363;

    public Harness()
    {
        Store = new RecordingTokenStore(Events);
        Monitor = new StaticOptionsMonitor(Options);
        OAuth = new WithingsOAuthClient(Api.CreateClient(), Store, Monitor, Clock);
        Tokens = new WithingsAccessTokenProvider(Store, OAuth, Monitor, Clock);
        Data = new WithingsDataClient(Api.CreateClient(), Monitor, Tokens, Clock);
    }

    public static DateTimeOffset Now { get; } = DateTimeOffset.FromUnixTimeSeconds(1594159644);

    public RoutedWithingsApi Api { get; } = new();

    public FakeTimeProvider Clock { get; } = new(Now);

    public List<string> Events { get; } = [];

    public RecordingTokenStore Store { get; }

    public WithingsOptions Options { get; } = new()
    {
        ClientId = ClientId,
        ClientSecret = ClientSecret,
        Retry = new WithingsRetryOptions { MaxRetries = 3, BaseDelay = TimeSpan.Zero, RateLimitWait = TimeSpan.Zero },
    };

    public StaticOptionsMonitor Monitor { get; }

    public WithingsOAuthClient OAuth { get; }

    public WithingsAccessTokenProvider Tokens { get; }

    public WithingsDataClient Data { get; }

    /// <summary>Stores a pair for <see cref="UserId"/> that expires <paramref name="expiresIn"/> from now.</summary>
    public Task SeedTokens(string accessToken, string refreshToken, TimeSpan expiresIn) =>
        Store.Seed(new WithingsTokenPair(UserId, accessToken, refreshToken, Now + expiresIn, "user.metrics"));

    public void Dispose() => Api.Dispose();
}
