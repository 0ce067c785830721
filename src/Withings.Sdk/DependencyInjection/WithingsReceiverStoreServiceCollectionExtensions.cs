using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Withings.Sdk;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the store the Withings receiver keeps its queue, duplicate keys and dead letters in.</summary>
public static class WithingsReceiverStoreServiceCollectionExtensions
{
    /// <summary>
    /// Makes <typeparamref name="TStore"/> (a singleton) the receiver's <see cref="IWithingsReceiverStore"/> and its
    /// <see cref="IWithingsDeadLetterStore"/>, in place of the default SQLite store. What <c>UseInMemoryQueue()</c>
    /// and <c>UseRedis</c> call; call it for a store of your own. Calling it again with the same
    /// <paramref name="backend"/> does nothing; with another, it throws, since one of the two stores would be ignored.
    /// </summary>
    /// <typeparam name="TStore">The store type.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="backend">The store's name, as its <see cref="WithingsStoreStatus.Backend"/> reports it.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="InvalidOperationException">Another store was chosen before.</exception>
#if NET
    public static IServiceCollection UseWithingsReceiverStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>(
#else
    public static IServiceCollection UseWithingsReceiverStore<TStore>(
#endif
        this IServiceCollection services,
        string backend)
        where TStore : class, IWithingsReceiverStore
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (string.IsNullOrWhiteSpace(backend))
        {
            throw new ArgumentException("A receiver store needs a backend name, such as \"redis\".", nameof(backend));
        }

        if (!ReceiverStoreChoice.Choose(services, backend))
        {
            return services;
        }

        services.TryAddSingleton<TStore>();
        services.Replace(ServiceDescriptor.Singleton<IWithingsReceiverStore>(static sp => sp.GetRequiredService<TStore>()));
        services.TryAddSingleton<IWithingsDeadLetterStore>(static sp => sp.GetRequiredService<IWithingsReceiverStore>());
        return services;
    }
}
