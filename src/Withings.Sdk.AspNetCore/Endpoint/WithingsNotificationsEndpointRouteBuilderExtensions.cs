using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Withings.Sdk.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Withings notification endpoint.</summary>
public static class WithingsNotificationsEndpointRouteBuilderExtensions
{
    /// <summary>The route used when none is given: <c>/withings/notify</c>.</summary>
    public const string DefaultPattern = "/withings/notify";

    /// <summary>
    /// Maps the callback URL that Withings notifies: <c>HEAD</c> and <c>GET</c> answer <c>200</c> (Withings' URL
    /// check), <c>POST</c> is parsed, filtered for duplicates, queued for your <see cref="IWithingsNotificationHandler"/>
    /// and answered <c>200</c> at once (<c>503</c> when the queue is full, so that Withings retries). Every method is
    /// mapped, so that a request without the callback secret gets <c>404</c> whatever its method. The endpoint allows
    /// anonymous access (Withings sends no credentials): an application-wide authorization policy does not apply to it.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="pattern">The route, <see cref="DefaultPattern"/> by default. A <c>{secret}</c> route parameter may
    /// carry the callback secret instead of the query string.</param>
    /// <returns>The endpoint's convention builder, to add authorization, rate limiting, CORS or metadata.</returns>
    /// <exception cref="InvalidOperationException">The receiver's services are not registered.</exception>
    public static IEndpointConventionBuilder MapWithingsNotifications(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern = DefaultPattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        var services = endpoints.ServiceProvider;
        if (services.GetService<IServiceProviderIsService>() is { } registrations && !registrations.IsService(typeof(NotificationEndpoint)))
        {
            throw new InvalidOperationException(
                "The Withings receiver is not registered: call services.AddWithingsNotifications().AddReceiver().AddHandler<YourHandler>() first.");
        }

        // Resolved on the first request, so that invalid settings fail the host's start, not the mapping.
        var endpoint = new Lazy<NotificationEndpoint>(services.GetRequiredService<NotificationEndpoint>);
        return endpoints.Map(pattern, context => endpoint.Value.HandleAsync(context))
            .WithDisplayName("Withings notifications")
            .AllowAnonymous()
            .DisableAntiforgery();
    }
}
