using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Distributed;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Remembers each link state once used, until it would have expired anyway, so that a replayed callback is refused.
/// Through the registered <see cref="IDistributedCache"/> when there is one (every instance then sees every use; the
/// cache has no atomic add, so two instances receiving the same replay at the same instant may both pass, and Withings
/// still accepts the code only once), else in this process's memory. Unused states take no room: a link that was never
/// completed leaves nothing behind.
/// </summary>
internal sealed class UsedLinkStates(IDistributedCache? cache, TimeProvider timeProvider)
{
    private const string CachePrefix = "withings:link-state:";

    // Past this many remembered states, expired ones are dropped before the next is added.
    private const int SweepAbove = 1024;

    private static readonly byte[] Marker = [1];

    private readonly ConcurrentDictionary<string, DateTimeOffset> _used = new(StringComparer.Ordinal);

    /// <summary>Marks the state used; <see langword="false"/> when it already was.</summary>
    public async ValueTask<bool> TryUseAsync(LinkState state, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (cache is not null)
        {
            var key = CachePrefix + state.NonceKey;
            if (await cache.GetAsync(key, cancellationToken).ConfigureAwait(false) is not null)
            {
                return false;
            }

            // Relative to this clock: the cache's own clock may differ from the one the state's expiry was set by.
            var remaining = state.ExpiresAt - now;
            var entry = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = remaining > TimeSpan.FromSeconds(1) ? remaining : TimeSpan.FromSeconds(1) };
            await cache.SetAsync(key, Marker, entry, cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (_used.Count > SweepAbove)
        {
            foreach (var (nonce, expiresAt) in _used)
            {
                if (expiresAt <= now)
                {
                    _used.TryRemove(nonce, out _);
                }
            }
        }

        return _used.TryAdd(state.NonceKey, state.ExpiresAt);
    }
}
