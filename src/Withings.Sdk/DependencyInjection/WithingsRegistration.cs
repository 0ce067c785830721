using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk;

/// <summary>Marks a service collection where Withings.Sdk is registered, so that a second registration adds nothing.</summary>
internal sealed class WithingsRegistration(IHttpClientBuilder httpClientBuilder)
{
    public IHttpClientBuilder HttpClientBuilder { get; } = httpClientBuilder;
}
