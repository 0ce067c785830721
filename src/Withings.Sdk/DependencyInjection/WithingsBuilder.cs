using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk;

/// <summary>
/// Returned by <c>AddWithingsNotifications</c> so that further Withings services (the receiver, custom handlers)
/// can be added fluently.
/// </summary>
public sealed class WithingsBuilder
{
    /// <summary>The name of the <see cref="HttpClient"/> every Withings API client of this SDK is created from.</summary>
    public const string HttpClientName = "Withings.Sdk";

    internal WithingsBuilder(IServiceCollection services, IHttpClientBuilder httpClientBuilder)
    {
        Services = services;
        HttpClientBuilder = httpClientBuilder;
    }

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// The builder of the <see cref="HttpClient"/> named <see cref="HttpClientName"/> that the Withings API clients use:
    /// add message handlers (resilience, logging, a proxy) here.
    /// </summary>
    public IHttpClientBuilder HttpClientBuilder { get; }

    /// <summary>Configures the <see cref="HttpClient"/> of the Withings API clients, for example to add a handler.</summary>
    /// <param name="configure">Changes to make through <see cref="HttpClientBuilder"/>.</param>
    /// <returns>This builder.</returns>
    public WithingsBuilder ConfigureHttpClient(Action<IHttpClientBuilder> configure)
    {
        if (configure is null)
        {
            throw new ArgumentNullException(nameof(configure));
        }

        configure(HttpClientBuilder);
        return this;
    }
}
