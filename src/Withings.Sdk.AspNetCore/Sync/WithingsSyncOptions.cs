using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Settings of the sync engine, bound from the configuration section <c>Withings:Sync</c> and validated at start.
/// </summary>
public sealed class WithingsSyncOptions
{
    /// <summary>The configuration section: <c>Withings:Sync</c>.</summary>
    public const string SectionName = "Withings:Sync";

    /// <summary>
    /// How long the engine collects a user's notifications, from the first one, before the user asks for its turn
    /// under the rate limit; the user's requests are planned when the turn is granted, from everything that waited for
    /// that user by then. Longer windows coalesce more requests; under a light load each notification's data arrives
    /// about this much later. Default 2 seconds.
    /// </summary>
    [TimeSpanRange("00:00:00", "00:10:00")]
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How many notifications the engine reads ahead of its rounds (the rest waits in the receiver's queue); every open
    /// window closes at once when they hold this many. Default 1 000.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxBatch { get; set; } = 1_000;

    /// <summary>
    /// How many requests are out at once, the users waiting taking turns one request each, and how many users'
    /// data handlers run at once. The application-wide rate limit still holds across them all; this only keeps one
    /// slow user from holding the others back. Default 4.
    /// </summary>
    [Range(1, 64)]
    public int UserConcurrency { get; set; } = 4;

    /// <summary>
    /// How one user's round is tried again (<c>Withings:Sync:Retry</c>): requests that still failed
    /// transiently after the SDK's own retries are sent again, and a data handler that threw is called again, up to
    /// <c>MaxAttempts</c> tries in all, the first included (default 3), after <c>BaseDelay</c>, then twice that, and so
    /// on (default 5 seconds). After the last attempt the part's notifications are dead-lettered.
    /// </summary>
    [ValidateObjectMembers]
    public WithingsDeliveryRetryOptions Retry { get; set; } = new() { MaxAttempts = 3, BaseDelay = TimeSpan.FromSeconds(5) };

    /// <summary>
    /// How long one user's fetch in a round may take in all: every request, page, retry, rate-limit wait and attempt
    /// of <see cref="Retry"/>, but not the time the user waits for its turns behind other users. When it passes, the
    /// requests not read by then fail, and their notifications are dead-lettered <c>fetch_failed</c> (replayable) as
    /// any fetch failure is; what was read is still handed over. This bounds how long a hung upstream holds that
    /// user's next round. Default 5 minutes:
    /// three times an HTTP request's own 100-second timeout, and room for a step of several hundred rate-limited
    /// requests. At least 1 second, at most 1 day.
    /// </summary>
    [TimeSpanRange("00:00:01", "1.00:00:00")]
    public TimeSpan FetchDeadline { get; set; } = TimeSpan.FromMinutes(5);
}
