using System.ComponentModel.DataAnnotations;

namespace Withings.Sdk.Redis;

/// <summary>
/// Settings of the Redis scale-out, bound from the configuration section <c>Withings:Redis</c> (for example the
/// environment variable <c>Withings__Redis__ClaimIdleTime</c>) and validated when the host starts.
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
    /// How long a notification read by an instance may stay unacknowledged before another instance takes it over
    /// (the first one is taken for dead). Longer than the longest time a notification stays in one instance's hands:
    /// <c>HandlerMaxAttempts</c> attempts of up to <c>HandlerTimeout</c> each plus the retry delays between them
    /// (5 minutes 15 seconds with the receiver's defaults). Default 10 minutes.
    /// </summary>
    [TimeSpanRange("00:00:00.0000001")]
    public TimeSpan ClaimIdleTime { get; set; } = TimeSpan.FromMinutes(10);

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
    /// <see cref="WithingsApiException"/> (operation <c>redis</c>). Default 10 seconds.
    /// </summary>
    [TimeSpanRange("00:00:00.0000001")]
    public TimeSpan OutageWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The name this instance reads under in the consumer group: unique per running process. Default: the machine
    /// name, the process id and a random suffix.
    /// </summary>
    [StringLength(200, MinimumLength = 1)]
    public string? ConsumerName { get; set; }
}
