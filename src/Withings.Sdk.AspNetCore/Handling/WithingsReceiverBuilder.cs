using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Withings.Sdk.AspNetCore;

/// <summary>Returned by <c>AddReceiver</c>: registers your handler and chooses the store (<c>UseInMemoryQueue()</c>).</summary>
public sealed class WithingsReceiverBuilder
{
    internal WithingsReceiverBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Registers the handler that receives every distinct notification and its fetch plan, resolved from a new scope
    /// per notification. Replaces any handler registered before.
    /// </summary>
    /// <typeparam name="THandler">The handler type.</typeparam>
    /// <returns>This builder.</returns>
    public WithingsReceiverBuilder AddHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>()
        where THandler : class, IWithingsNotificationHandler
    {
        Services.Replace(ServiceDescriptor.Scoped<IWithingsNotificationHandler, THandler>());
        return this;
    }

    /// <summary>Registers a handler given as a function. Replaces any handler registered before.</summary>
    /// <param name="handle">Called with each distinct notification, its fetch plan and the host's stop token.</param>
    /// <returns>This builder.</returns>
    public WithingsReceiverBuilder AddHandler(Func<WithingsNotification, FetchPlan, CancellationToken, Task> handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        Services.Replace(ServiceDescriptor.Singleton<IWithingsNotificationHandler>(new DelegateNotificationHandler(handle)));
        return this;
    }
}
