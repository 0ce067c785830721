using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// A duplicate filter shared by every instance through the registered <see cref="IDistributedCache"/>. The cache has
/// no atomic add, so two instances receiving the same retry at the same instant may both hand it over: handlers are
/// idempotent anyway (delivery is at least once).
/// </summary>
internal sealed class DistributedCacheDuplicateFilter(IDistributedCache cache, IOptions<WithingsReceiverOptions> options) : IDuplicateFilter
{
    private static readonly byte[] Marker = [1];
    private readonly DistributedCacheEntryOptions _entryOptions = new() { AbsoluteExpirationRelativeToNow = options.Value.DuplicateTimeToLive };

    public async ValueTask<bool> TryReserveAsync(string key, CancellationToken cancellationToken)
    {
        if (await cache.GetAsync(key, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        await cache.SetAsync(key, Marker, _entryOptions, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async ValueTask ReleaseAsync(string key, CancellationToken cancellationToken) =>
        await cache.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
}
