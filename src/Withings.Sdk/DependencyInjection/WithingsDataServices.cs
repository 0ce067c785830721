using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk;

/// <summary>
/// Registers what runs fetch plans: the shared rate limiter, the token store, OAuth, the access token provider and
/// the data client, on the named HTTP client all SDK clients share. Called once by <c>AddWithingsNotifications</c>.
/// </summary>
internal static class WithingsDataServices
{
    public static void Add(IHttpClientBuilder httpClientBuilder)
    {
        var services = httpClientBuilder.Services;
        services.TryAddSingleton<IWithingsTokenStore, InMemoryWithingsTokenStore>();
        services.TryAddKeyedSingleton<RateLimiter>(
            WithingsRateLimiter.ServiceKey,
            static (sp, _) => new WithingsRateLimiter(sp.GetRequiredService<IOptions<WithingsOptions>>().Value.RateLimit, sp.GetRequiredService<TimeProvider>()));

        // The seam every request goes through: the limiter itself when it has the controls (the SDK's own, Redis'),
        // else a hold and pass-through in front of the application's own limiter.
        services.TryAddSingleton<IWithingsRateLimitControl>(static sp =>
            sp.GetRequiredKeyedService<RateLimiter>(WithingsRateLimiter.ServiceKey) switch
            {
                IWithingsRateLimitControl control => control,
                var foreign => new ForeignRateLimitControl(foreign, sp.GetRequiredService<TimeProvider>()),
            });

        // On the named client every SDK client shares (Notify included): one permit per request, whichever client.
        httpClientBuilder.AddWithingsHandlers();

        httpClientBuilder.AddTypedClient(static (httpClient, sp) => new WithingsOAuthClient(
            httpClient,
            sp.GetRequiredService<IWithingsTokenStore>(),
            sp.GetRequiredService<IOptionsMonitor<WithingsOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<WithingsOAuthClient>>()));
        services.TryAddTransient<IWithingsOAuthClient>(static sp => sp.GetRequiredService<WithingsOAuthClient>());

        // A singleton: it holds the refreshes in flight. It resolves the (transient, typed) OAuth client per refresh
        // so that it never keeps one HttpClient for the application's lifetime.
        services.TryAddSingleton(static sp => new WithingsAccessTokenProvider(
            sp.GetRequiredService<IWithingsTokenStore>(),
            new ResolvingOAuthClient(sp),
            sp.GetRequiredService<IOptionsMonitor<WithingsOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<WithingsAccessTokenProvider>>(),
            sp.GetService<IWithingsRefreshLock>()));
        services.TryAddSingleton<IWithingsAccessTokenProvider>(static sp => sp.GetRequiredService<WithingsAccessTokenProvider>());

        httpClientBuilder.AddTypedClient(static (httpClient, sp) => new WithingsDataClient(
            httpClient,
            sp.GetRequiredService<IOptionsMonitor<WithingsOptions>>(),
            sp.GetRequiredService<IWithingsAccessTokenProvider>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<WithingsDataClient>>(),
            sp.GetRequiredService<IWithingsRateLimitControl>()));
        services.TryAddTransient<IWithingsDataClient>(static sp => sp.GetRequiredService<WithingsDataClient>());
    }

    /// <summary>
    /// What every HTTP client of the SDK needs: each request waits for a permit of the shared rate limiter, and
    /// IHttpClientFactory's own request logs are off, because at Trace level they pass the raw Authorization header
    /// (the bearer token) in their structured state even when the message redacts it. The SDK logs its calls itself.
    /// </summary>
    public static IHttpClientBuilder AddWithingsHandlers(this IHttpClientBuilder builder) =>
        builder
            .RemoveAllLoggers()
            .RedactLoggedHeaders(["Authorization"])

            // Outside the rate limiter, so that a span and the duration include the permit wait it then splits off.
            .AddHttpMessageHandler(static sp => new ApiTelemetryHandler(sp.GetRequiredService<TimeProvider>()))
            .AddHttpMessageHandler(static sp => new RateLimitingHandler(
                sp.GetRequiredService<IWithingsRateLimitControl>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILogger<RateLimitingHandler>>()))
            .AddHttpMessageHandler(static sp => new PermitAcquiredHandler(sp.GetRequiredService<TimeProvider>()));

    private sealed class ResolvingOAuthClient(IServiceProvider services) : IWithingsOAuthClient
    {
        public Uri GetAuthorizeUrl(IEnumerable<string> scopes, Uri redirectUri, string state) =>
            Client.GetAuthorizeUrl(scopes, redirectUri, state);

        public Task<WithingsTokenPair> ExchangeCodeAsync(string code, Uri redirectUri, CancellationToken cancellationToken = default) =>
            Client.ExchangeCodeAsync(code, redirectUri, cancellationToken);

        public Task<WithingsTokenPair> RefreshAsync(string refreshToken, CancellationToken cancellationToken = default) =>
            Client.RefreshAsync(refreshToken, cancellationToken);

        public Task RevokeAsync(long userId, CancellationToken cancellationToken = default) =>
            Client.RevokeAsync(userId, cancellationToken);

        private IWithingsOAuthClient Client => services.GetRequiredService<IWithingsOAuthClient>();
    }
}
