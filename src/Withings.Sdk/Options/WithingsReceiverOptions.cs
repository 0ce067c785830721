using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Withings.Sdk;

/// <summary>
/// Settings of the webhook receiver, bound from the configuration section <c>Withings:Receiver</c> (for example the
/// environment variable <c>Withings__Receiver__QueueCapacity</c>) and validated when the host starts.
/// </summary>
public sealed class WithingsReceiverOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Withings:Receiver";

    /// <summary>
    /// How many acknowledged notifications the receiver store holds (waiting, being handled or waiting for a retry)
    /// before the endpoint answers <c>503</c> (so that Withings retries later). Default 10 000.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>
    /// How many bytes of notification bodies the queue holds, counted like <see cref="QueueCapacity"/>, before the
    /// endpoint answers <c>503</c>. Whichever limit is reached first applies. Default 64 MiB.
    /// </summary>
    /// <remarks>
    /// Real bodies are under 200 bytes, but a sender may post bodies up to <c>Withings:Parser:MaxBodyBytes</c> (64 KiB):
    /// without this limit 10 000 of them would hold over 600 MB. A body larger than the limit is still accepted when
    /// the queue is empty, so that it cannot be refused for ever.
    /// </remarks>
    public long QueueCapacityBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>How many notifications the handler processes at once. Default 4.</summary>
    [Range(1, int.MaxValue)]
    public int HandlerConcurrency { get; set; } = 4;

    /// <summary>
    /// How a handler that threw is tried again (<c>Withings:Receiver:Retry</c>): <c>MaxAttempts</c> calls in all, the
    /// first included, before the notification is dead-lettered (default 5), after <c>BaseDelay</c>, then twice that,
    /// and so on (default 1 second). A notification waiting for its retry does not hold a handler slot.
    /// </summary>
    [ValidateObjectMembers]
    public WithingsDeliveryRetryOptions Retry { get; set; } = new() { MaxAttempts = 5, BaseDelay = TimeSpan.FromSeconds(1) };

    /// <summary>
    /// How long one handler attempt may run. Past it the handler's token is cancelled, the attempt counts as failed
    /// (retried, then dead-lettered) and its slot goes to the next notification, even if the handler ignores the token.
    /// <see cref="Timeout.InfiniteTimeSpan"/> disables it. Default 1 minute.
    /// </summary>
    public TimeSpan HandlerTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long the oldest acknowledged notification may wait before the receiver's health check reports it behind
    /// (<c>Degraded</c>, with the backlog's age and size): the consumer, or the 120 requests a minute behind it, does
    /// not keep up with what arrives. Nothing is dropped meanwhile; the backlog waits in the store, bounded by
    /// <see cref="QueueCapacity"/> and <see cref="QueueCapacityBytes"/>. Must be positive. Default 5 minutes.
    /// </summary>
    public TimeSpan BehindAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a notification is remembered to recognise Withings' retries of it. Withings retries over about five
    /// hours (docs/withings-api.md §1); default 24 hours.
    /// </summary>
    public TimeSpan DuplicateTimeToLive { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How many duplicate keys the in-memory and SQLite stores remember; the oldest are forgotten first. Not used by
    /// the Redis store, which keeps each key for <see cref="DuplicateTimeToLive"/>. Default 100 000.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int DuplicateCacheSize { get; set; } = 100_000;

    /// <summary>
    /// A random secret that every request must carry in the callback URL, as the query parameter <c>secret</c> or the
    /// route value <c>{secret}</c>; requests without it get <c>404</c>, whatever their method. Never logged. Default
    /// none. The receiver refuses to start unless this, <see cref="AllowedNetworks"/> or <see cref="AllowAnySender"/>
    /// is set.
    /// </summary>
    /// <remarks>
    /// Withings does not sign notifications, so this is the usual defence: subscribe
    /// <c>https://example.com/withings/notify?secret=…</c>.
    /// </remarks>
    public string? CallbackSecret { get; set; }

    /// <summary>
    /// The sender networks allowed to call the endpoint, in CIDR notation (<c>192.0.2.0/24</c>, <c>2001:db8::/32</c>);
    /// others get <c>404</c>. Empty (the default) allows every sender.
    /// </summary>
    /// <remarks>
    /// Withings publishes its sender ranges as DNS TXT records of <c>ipblock-notify.withings.net</c>; refresh the list
    /// from there. Behind a reverse proxy, enable the forwarded-headers middleware so that the sender's address is seen.
    /// </remarks>
    public IList<string> AllowedNetworks { get; } = new List<string>();

    /// <summary>
    /// Accepts notifications from anyone, with neither <see cref="CallbackSecret"/> nor <see cref="AllowedNetworks"/>.
    /// Default <see langword="false"/>: without a secret or a network list the receiver refuses to start, because
    /// Withings does not sign notifications and anyone who learns the URL could post forged ones (an <c>unlink</c>, say).
    /// </summary>
    public bool AllowAnySender { get; set; }

    /// <summary>
    /// The file of the SQLite store (the default <see cref="IWithingsReceiverStore"/>) that keeps acknowledged
    /// notifications until handled, their duplicate keys and the dead letters. A relative path is under the app's
    /// content root. Default <c>withings-receiver.db</c> in the content root. Not used with <c>UseInMemoryQueue()</c>.
    /// </summary>
    public string? StorePath { get; set; }

    /// <summary>
    /// What an acknowledged notification survives. Default <see cref="WithingsStoreDurability.ProcessCrash"/>:
    /// a crash or <c>kill -9</c> of the process loses nothing; <see cref="WithingsStoreDurability.PowerLoss"/>
    /// also survives a power loss or an operating-system crash, at the cost of a disk flush per grouped commit.
    /// </summary>
    [EnumDataType(typeof(WithingsStoreDurability))]
    public WithingsStoreDurability StoreDurability { get; set; } = WithingsStoreDurability.ProcessCrash;

    /// <summary>
    /// What to do at start with a damaged store file (<c>Withings:Receiver:StoreRecovery</c>). Default
    /// <see cref="WithingsStoreRecovery.Refuse"/>: the start fails with an error naming the file, which is left
    /// untouched. <see cref="WithingsStoreRecovery.StartEmpty"/> renames the damaged files aside and starts with an
    /// empty store; set it for the one start that needs it.
    /// </summary>
    [EnumDataType(typeof(WithingsStoreRecovery))]
    public WithingsStoreRecovery StoreRecovery { get; set; } = WithingsStoreRecovery.Refuse;
}
