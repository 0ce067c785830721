namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Settings of the webhook receiver, bound from the configuration section <c>Withings:Receiver</c> (for example the
/// environment variable <c>Withings__Receiver__QueueCapacity</c>) and validated when the host starts.
/// </summary>
public sealed class WithingsReceiverOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Withings:Receiver";

    /// <summary>
    /// How many acknowledged notifications the in-memory queue holds before the endpoint answers <c>503</c> (so that
    /// Withings retries later). Default 10 000.
    /// </summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>
    /// How many bytes of notification bodies the queue holds before the endpoint answers <c>503</c>, next to
    /// <see cref="QueueCapacity"/>: whichever is reached first. Default 64 MiB.
    /// </summary>
    public long QueueCapacityBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>How many notifications the handler processes at once. Default 4.</summary>
    public int HandlerConcurrency { get; set; } = 4;

    /// <summary>
    /// Attempts per notification, the first included, before it is dead-lettered: 5 means at most 5 calls of the
    /// handler. Default 5.
    /// </summary>
    public int HandlerMaxAttempts { get; set; } = 5;

    /// <summary>The delay before the second attempt, doubled before each later one. Default 1 second.</summary>
    public TimeSpan HandlerRetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a notification is remembered to recognise Withings' retries of it. Withings retries over about five
    /// hours (REFERENCE §1); default 24 hours.
    /// </summary>
    public TimeSpan DuplicateTimeToLive { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How many notifications the in-memory duplicate filter remembers; the oldest are forgotten first. Not used when
    /// an <c>IDistributedCache</c> is registered. Default 100 000.
    /// </summary>
    public int DuplicateCacheSize { get; set; } = 100_000;

    /// <summary>
    /// A random secret that every request must carry in the callback URL, as the query parameter <c>secret</c> or the
    /// route value <c>{secret}</c>; requests without it get <c>404</c>. Never logged. Default none.
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
}
