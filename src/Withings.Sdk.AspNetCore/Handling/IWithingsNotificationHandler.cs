namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Your code: called in the background, once per distinct notification, with the requests that fetch its data.
/// Resolved from a new service scope for each notification, so it may depend on scoped services.
/// </summary>
/// <remarks>
/// Delivery is at least once (a crash between handling and recording it, or a duplicate older than the duplicate
/// filter's time to live, brings a notification again): make the handler idempotent. A thrown exception is retried
/// with backoff, then the notification is dead-lettered.
/// </remarks>
public interface IWithingsNotificationHandler
{
    /// <summary>Handles one notification.</summary>
    /// <param name="notification">The typed notification: switch on its type.</param>
    /// <param name="plan">The follow-up requests that fetch its data (empty when there is nothing to fetch).</param>
    /// <param name="cancellationToken">Cancelled when the host stops for good.</param>
    /// <returns>A task that completes when the notification is handled.</returns>
    Task HandleAsync(WithingsNotification notification, FetchPlan plan, CancellationToken cancellationToken);
}
