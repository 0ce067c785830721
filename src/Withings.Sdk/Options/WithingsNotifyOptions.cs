using System.ComponentModel.DataAnnotations;

namespace Withings.Sdk;

/// <summary>Settings of the Notify (subscription) client.</summary>
public sealed class WithingsNotifyOptions
{
    /// <summary>
    /// Whether callback URLs are checked against Withings' rules (https, no IP, no localhost, port 80/443, at most
    /// 255 characters) before any request. Default <see langword="true"/>; turn off only for tests against local servers.
    /// </summary>
    public bool ValidateCallbackUrls { get; set; } = true;

    /// <summary>
    /// The pause between two <c>subscribe</c> calls of one <see cref="IWithingsNotifyClient.EnsureSubscriptionsAsync"/>
    /// run (<c>Withings:Notify:SubscribeSpacing</c>). Default 5 seconds: before each subscribe Withings sends its own
    /// HEAD request to the callback URL, and subscribes sent back to back fail more often; integrations running in
    /// production (Home Assistant's among them) settled on a 5-second pause. <see cref="TimeSpan.Zero"/> sends them at once.
    /// </summary>
    [TimeSpanRange("00:00:00")]
    public TimeSpan SubscribeSpacing { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many times <see cref="IWithingsNotifyClient.EnsureSubscriptionsAsync"/> tries a subscribe again after
    /// status 293 (<c>Withings:Notify:CallbackCheckRetries</c>). Default 3. Withings answers 293 when its HEAD check of
    /// the callback URL fails, which also happens while the application that serves the URL is still starting.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int CallbackCheckRetries { get; set; } = 3;

    /// <summary>
    /// The wait before the first retry after status 293, doubled at each further retry
    /// (<c>Withings:Notify:CallbackCheckRetryDelay</c>). Default 10 seconds, so that the default 3 retries cover about
    /// a minute of start-up (10 + 20 + 40 seconds).
    /// </summary>
    [TimeSpanRange("00:00:00")]
    public TimeSpan CallbackCheckRetryDelay { get; set; } = TimeSpan.FromSeconds(10);
}
