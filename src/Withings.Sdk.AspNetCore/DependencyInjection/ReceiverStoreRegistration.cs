using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The receiver's storage defaults: the durable store's queue, and the duplicate filter and dead-letter sink that go
/// with the queue in use. Each choice is made when first resolved, so <c>UseInMemoryQueue()</c> or <c>UseQueue</c>
/// called later still leaves no file behind.
/// </summary>
internal static class ReceiverStoreRegistration
{
    public static void AddDefaults(IServiceCollection services)
    {
        services.TryAddSingleton<StoreAvailability>();
        services.TryAddSingleton<ReceiverStore>();
        services.TryAddSingleton<DurableNotificationQueue>();
        services.TryAddSingleton<DurableDeadLetters>();
        services.TryAddSingleton<IWithingsNotificationQueue>(static s => s.GetRequiredService<DurableNotificationQueue>());
        services.TryAddSingleton<IWithingsDeadLetterSink>(static s => IsDurable(s)
            ? s.GetRequiredService<DurableDeadLetters>()
            : new LoggingDeadLetterSink(s.GetRequiredService<ILogger<LoggingDeadLetterSink>>()));
        services.TryAddSingleton<IWithingsDeadLetterStore>(static s => IsDurable(s)
            ? s.GetRequiredService<DurableDeadLetters>()
            : throw new InvalidOperationException("Dead letters are stored only by the durable store; with UseInMemoryQueue() they are logged."));
        services.TryAddSingleton<IDuplicateFilter>(CreateDuplicateFilter);
    }

    private static bool IsDurable(IServiceProvider services) => services.GetRequiredService<IWithingsNotificationQueue>() is DurableNotificationQueue;

    private static IDuplicateFilter CreateDuplicateFilter(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<WithingsReceiverOptions>>();
        var timeProvider = services.GetRequiredService<TimeProvider>();
        if (services.GetService<IDistributedCache>() is { } cache)
        {
            return new DistributedCacheDuplicateFilter(cache, options);
        }

        return IsDurable(services)
            ? new DurableDuplicateFilter(services.GetRequiredService<ReceiverStore>(), options, timeProvider, services.GetRequiredService<ILogger<DurableDuplicateFilter>>())
            : new MemoryDuplicateFilter(options, timeProvider);
    }
}
