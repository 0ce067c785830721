using System.ComponentModel.DataAnnotations;

namespace Withings.Sdk.Redis;

/// <summary>
/// Settings of the Redis scale-out, bound from the configuration section <c>Withings:Redis</c> (for example the
/// environment variable <c>Withings__Redis__HeartbeatTimeout</c>) and validated when the host starts.
/// </summary>
public sealed class WithingsRedisOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Withings:Redis";

    /// <summary>
    /// The StackExchange.Redis configuration string, for example <c>127.0.0.1:6379</c> or
    /// <c>redis.internal:6379,password=…,ssl=true</c>. Set by <c>UseRedis(connectionString)</c>. Never logged.
    /// </summary>
    [Required]
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The prefix of every key this package writes; instances that share work must use the same one, and two
    /// applications sharing one Redis must use different ones. Default <c>withings</c>.
    /// </summary>
    [Required]
    [StringLength(100, MinimumLength = 1)]
    public string KeyPrefix { get; set; } = "withings";

    /// <summary>
    /// How often each instance that reads the queue writes its heartbeat (a value in a Redis hash, changed each time)
    /// and looks at the others'. Default 5 seconds.
    /// </summary>
    [TimeSpanRange("00:00:00.0010000")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long another instance's heartbeat may stay unchanged, timed on this instance's own clock, before this
    /// instance takes it for dead and takes over the notifications it held. Idle time alone never makes an instance
    /// take over: a live instance keeps what it holds however long its handler takes. At least twice
    /// <see cref="HeartbeatInterval"/>, so that one late heartbeat is not taken for a death. Default 30 seconds: a dead
    /// instance's notifications are taken over within <see cref="HeartbeatTimeout"/> plus two
    /// <see cref="HeartbeatInterval"/> (40 seconds), and at once when it stopped cleanly.
    /// </summary>
    [TimeSpanRange("00:00:00.0020000")]
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many times one notification is handed to an instance at most. A notification taken over from a dead or
    /// stopped instance once more than this goes to the dead letters (reason
    /// <see cref="WithingsDeadLetterReason.DeliveryLimit"/>) instead of being handed out again, in
    /// case it is what makes the instances die. Default 5.
    /// </summary>
    [Range(1, 1000)]
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>
    /// How often an idle instance looks for notifications that another instance enqueued. Its own are read at once.
    /// Default 200 ms.
    /// </summary>
    [TimeSpanRange("00:00:00.0000001")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long a per-user refresh lock lives when its holder dies before releasing it; longer than one refresh call
    /// with its retries. Default 30 seconds.
    /// </summary>
    [TimeSpanRange("00:00:00.0000001")]
    public TimeSpan RefreshLockTimeToLive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long sending waits for Redis while it is unreachable before failing with a
    /// <see cref="WithingsRedisUnavailableException"/>, which is transient (the sync engine tries the fetch again).
    /// Default 10 seconds.
    /// </summary>
    [TimeSpanRange("00:00:00.0000001")]
    public TimeSpan OutageWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The name this instance reads under in the consumer group; it must be unique among the running instances.
    /// Default: the machine name, the process id and a random suffix, new at each start: what a previous run left
    /// unacknowledged is then taken over once its heartbeat is seen stopped, by any instance including the new run. A
    /// name kept across restarts (a StatefulSet pod's name) lets the new run take its previous run's notifications back
    /// at once when it starts.
    /// </summary>
    [StringLength(200, MinimumLength = 1)]
    public string? ConsumerName { get; set; }
}
