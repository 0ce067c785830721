using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Withings.Sdk.AspNetCore;

/// <summary>Returned by <c>AddReceiver</c>: registers your handler and, optionally, your own queue or dead-letter sink.</summary>
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

    /// <summary>Replaces the default dead-letter sink (a warning log) with your own, as a singleton.</summary>
    /// <typeparam name="TSink">The sink type.</typeparam>
    /// <returns>This builder.</returns>
    public WithingsReceiverBuilder AddDeadLetterSink<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSink>()
        where TSink : class, IWithingsDeadLetterSink
    {
        Services.Replace(ServiceDescriptor.Singleton<IWithingsDeadLetterSink, TSink>());
        return this;
    }

    /// <summary>Replaces the durable store's queue with your own (a broker you already run), as a singleton.</summary>
    /// <typeparam name="TQueue">The queue type.</typeparam>
    /// <returns>This builder.</returns>
    public WithingsReceiverBuilder UseQueue<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TQueue>()
        where TQueue : class, IWithingsNotificationQueue
    {
        Services.Replace(ServiceDescriptor.Singleton<IWithingsNotificationQueue, TQueue>());
        return this;
    }
}
