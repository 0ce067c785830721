using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Withings.Sdk.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the endpoints that link your users' Withings accounts.</summary>
public static class WithingsLinkingEndpointRouteBuilderExtensions
{
    /// <summary>The prefix used when none is given: <c>/withings/link</c>.</summary>
    public const string DefaultPrefix = "/withings/link";

    /// <summary>
    /// Maps two <c>GET</c> endpoints under <paramref name="prefix"/>:
    /// <list type="bullet">
    /// <item><c>{prefix}/connect</c> sends the signed-in user to Withings' authorization page with a state that is
    /// unguessable, sealed, bound to that user, valid for <see cref="WithingsLinkingOptions.StateLifetime"/> and usable
    /// once. <c>?returnUrl=/path</c> (a path of this application) is where the user lands once linked;
    /// <c>?mode=demo</c> links Withings' demo account when <see cref="WithingsLinkingOptions.AllowDemoUser"/> is on.</item>
    /// <item><c>{prefix}/callback</c> is where Withings sends the user back (register its absolute URL as a callback
    /// URL of your Withings application): it checks the state, exchanges the code, saves the token pair in the
    /// <see cref="Withings.Sdk.IWithingsTokenStore"/>, ensures the configured subscriptions and raises
    /// <c>OnUserLinked</c>.</item>
    /// </list>
    /// Every error (consent declined, state forged, expired, replayed or of another user, code refused) ends on a small
    /// HTML page with its status code, never a stack trace or a token. Your authorization policies apply: add
    /// <c>.RequireAuthorization()</c> so that a visitor who is not signed in is sent to sign in first.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="prefix">The path both endpoints are under, <see cref="DefaultPrefix"/> by default; literal, no route parameters.</param>
    /// <returns>The convention builder of both endpoints, to add authorization, rate limiting or metadata.</returns>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> is empty or holds a route parameter.</exception>
    /// <exception cref="InvalidOperationException">Linking is not registered, or no <c>OnUserLinked</c> handler is.</exception>
    public static IEndpointConventionBuilder MapWithingsLinking(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string prefix = DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        if (prefix[0] != '/' || prefix.Contains('{', StringComparison.Ordinal) || prefix.Contains('?', StringComparison.Ordinal))
        {
            throw new ArgumentException("prefix: a literal path starting with /, such as /withings/link; it cannot hold route parameters.", nameof(prefix));
        }

        var services = endpoints.ServiceProvider;
        if (services.GetService<IServiceProviderIsService>() is { } registrations)
        {
            if (!registrations.IsService(typeof(LinkingEndpoints)))
            {
                throw new InvalidOperationException(
                    "Withings linking is not registered: call services.AddWithingsNotifications().AddLinking().OnUserLinked<YourHandler>() first.");
            }

            if (!registrations.IsService(typeof(IWithingsUserLinkedHandler)))
            {
                throw new InvalidOperationException(
                    "Nothing handles a linked user: call .AddLinking().OnUserLinked<YourHandler>() to record each Withings user id against your own user.");
            }
        }

        var path = prefix.TrimEnd('/');

        // Resolved on the first request, so that invalid settings fail the host's start, not the mapping.
        var linking = new Lazy<LinkingEndpoints>(services.GetRequiredService<LinkingEndpoints>);
        var group = endpoints.MapGroup(path);
        group.MapGet("/" + LinkingEndpoints.ConnectPath, context => linking.Value.ConnectAsync(context, path)).WithDisplayName("Withings linking: connect");
        group.MapGet("/" + LinkingEndpoints.CallbackPath, context => linking.Value.CallbackAsync(context, path)).WithDisplayName("Withings linking: callback");
        return group;
    }
}
