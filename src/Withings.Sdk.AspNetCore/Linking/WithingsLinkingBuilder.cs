using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Withings.Sdk.AspNetCore;

/// <summary>Returned by <c>AddLinking</c>: registers what happens when a user is linked, and who the signed-in user is.</summary>
public sealed class WithingsLinkingBuilder
{
    internal WithingsLinkingBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Registers the <c>OnUserLinked</c> handler, resolved from the callback request's scope. Replaces any handler
    /// registered before. <c>MapWithingsLinking</c> refuses to map the endpoints without one.
    /// </summary>
    /// <typeparam name="THandler">The handler type.</typeparam>
    /// <returns>This builder.</returns>
    public WithingsLinkingBuilder OnUserLinked<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>()
        where THandler : class, IWithingsUserLinkedHandler
    {
        Services.Replace(ServiceDescriptor.Scoped<IWithingsUserLinkedHandler, THandler>());
        return this;
    }

    /// <summary>Registers the <c>OnUserLinked</c> handler given as a function. Replaces any handler registered before.</summary>
    /// <param name="handle">Called once per completed link, with the host's stop token.</param>
    /// <returns>This builder.</returns>
    public WithingsLinkingBuilder OnUserLinked(Func<WithingsUserLinked, CancellationToken, Task> handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        Services.Replace(ServiceDescriptor.Singleton<IWithingsUserLinkedHandler>(new DelegateUserLinkedHandler(handle)));
        return this;
    }

    /// <summary>
    /// Says who the signed-in user is, as your application's key for them (a user id, not a display name). By default
    /// it is the <c>NameIdentifier</c> claim of an authenticated user. The key is sealed into the link's state and the
    /// callback refuses a user whose key differs, so that nobody can attach their Withings account to someone else.
    /// </summary>
    /// <param name="userKey">Returns the key of the request's user, or <see langword="null"/> when nobody is signed in.</param>
    /// <returns>This builder.</returns>
    public WithingsLinkingBuilder UseUserKey(Func<HttpContext, string?> userKey)
    {
        ArgumentNullException.ThrowIfNull(userKey);
        Services.Replace(ServiceDescriptor.Singleton(new LinkUserKey(userKey)));
        return this;
    }
}
