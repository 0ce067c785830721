using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Withings.Sdk.AspNetCore;

namespace Withings.Sdk.Redis;

/// <summary>
/// The duplicate filter of every instance: one atomic <c>SET key NX PX</c> per notification, so that of two instances
/// receiving the same retry at once exactly one hands it over. Released when the hand-over failed.
/// </summary>
/// <remarks>
/// With the Redis queue, a reservation is first marked pending for <see cref="PendingTimeToLive"/> and confirmed (for
/// <see cref="WithingsReceiverOptions.DuplicateTimeToLive"/>) by the same script that appends the notification to
/// the stream: an instance that dies between the two leaves a reservation that expires in seconds, not a confirmed
/// one that would make Withings' retry look like a duplicate and lose the notification. A retry that meets a
/// pending reservation waits for it to be confirmed or to go.
/// </remarks>
internal sealed class RedisDuplicateFilter(
    RedisConnection connection,
    IOptions<WithingsReceiverOptions> options,
    IWithingsNotificationQueue queue,
    IHttpContextAccessor httpContext) : IDuplicateFilter
{
    internal const string Pending = "p";
    internal const string Confirmed = "c";
    internal static readonly TimeSpan PendingTimeToLive = TimeSpan.FromSeconds(5);

    /// <summary>Where the endpoint's request carries its reserved key to <see cref="RedisNotificationQueue.TryEnqueueAsync"/>.</summary>
    internal static readonly object ReservedKeyItem = new();

    private static readonly TimeSpan PendingPoll = TimeSpan.FromMilliseconds(50);
    private readonly TimeSpan _timeToLive = options.Value.DuplicateTimeToLive;
    private readonly bool _confirmedByQueue = queue is RedisNotificationQueue;

    public async ValueTask<bool> TryReserveAsync(string key, CancellationToken cancellationToken)
    {
        var redisKey = connection.Keys.DuplicatePrefix + key;
        var database = await connection.DatabaseAsync().ConfigureAwait(false);
        while (true)
        {
            if (_confirmedByQueue && httpContext.HttpContext is { } context)
            {
                if (await database.StringSetAsync(redisKey, Pending, PendingTimeToLive, When.NotExists).ConfigureAwait(false))
                {
                    context.Items[ReservedKeyItem] = redisKey;
                    return true;
                }
            }
            else if (await database.StringSetAsync(redisKey, Confirmed, _timeToLive, When.NotExists).ConfigureAwait(false))
            {
                return true;
            }

            var current = await database.StringGetAsync(redisKey).ConfigureAwait(false);
            if (current == Confirmed)
            {
                return false;
            }

            // Pending on another instance (or left by one that died): wait until it is confirmed or gone.
            await Task.Delay(PendingPoll, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        var database = await connection.DatabaseAsync().ConfigureAwait(false);
        await database.KeyDeleteAsync(connection.Keys.DuplicatePrefix + key).ConfigureAwait(false);
    }
}
