using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk;

/// <summary>
/// Returned by <c>AddWithingsNotifications</c> so that further Withings services (the receiver, custom handlers)
/// can be added fluently.
/// </summary>
public sealed class WithingsBuilder
{
    internal WithingsBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }
}
