namespace Withings.Sdk;

/// <summary>
/// Manages a user's Notify subscriptions: which callback URL Withings notifies for which category. Every call but
/// <see cref="SubscribeNoAccountAssociatedAsync"/> (signed, once per application) takes the user's OAuth access token
/// (subscriptions are per user) and throws <see cref="WithingsApiException"/> when Withings refuses, even though
/// Withings answers HTTP 200.
/// </summary>
public interface IWithingsNotifyClient
{
    /// <summary>Subscribes <paramref name="callbackUrl"/> to the user's notifications of one category (<c>action=subscribe</c>).</summary>
    /// <param name="accessToken">The user's access token.</param>
    /// <param name="callbackUrl">The URL Withings will POST notifications to; must pass Withings' HEAD check.</param>
    /// <param name="appli">The category.</param>
    /// <param name="comment">A note shown in <c>list</c>; <see cref="WithingsNotifyClient.DefaultComment"/> when <see langword="null"/> or empty.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Withings accepted the subscription.</returns>
    /// <exception cref="ArgumentException">An argument is missing, or the URL breaks one of Withings' callback rules.</exception>
    /// <exception cref="WithingsApiException">Withings refused (293 for a URL that failed its check) or did not answer.</exception>
    Task SubscribeAsync(string accessToken, Uri callbackUrl, NotificationCategory appli, string? comment = null, CancellationToken cancellationToken = default);

    /// <summary>Returns the subscription of <paramref name="callbackUrl"/> for one category (<c>action=get</c>).</summary>
    /// <param name="accessToken">The user's access token.</param>
    /// <param name="callbackUrl">The subscribed URL.</param>
    /// <param name="appli">The category; when <see langword="null"/> no <c>appli</c> is sent and Withings uses 1 (weight).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The subscription.</returns>
    /// <exception cref="WithingsApiException">Withings refused (for example when there is no such subscription) or did not answer.</exception>
    Task<NotifySubscription> GetAsync(string accessToken, Uri callbackUrl, NotificationCategory? appli = null, CancellationToken cancellationToken = default);

    /// <summary>Lists the user's subscriptions (<c>action=list</c>).</summary>
    /// <param name="accessToken">The user's access token.</param>
    /// <param name="appli">Only this category; every category when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The subscriptions, in Withings' order; empty when there are none.</returns>
    /// <exception cref="WithingsApiException">Withings refused or did not answer.</exception>
    Task<IReadOnlyList<NotifySubscription>> ListAsync(string accessToken, NotificationCategory? appli = null, CancellationToken cancellationToken = default);

    /// <summary>Changes one thing about a subscription (<c>action=update</c>).</summary>
    /// <param name="accessToken">The user's access token.</param>
    /// <param name="callbackUrl">The subscribed URL.</param>
    /// <param name="appli">The subscribed category.</param>
    /// <param name="change">The change: <see cref="NotifyUpdate.ToCallbackUrl"/>, <see cref="NotifyUpdate.ToAppli"/> or <see cref="NotifyUpdate.WithComment"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Withings accepted the change.</returns>
    /// <exception cref="ArgumentException">An argument is missing, or a new URL breaks one of Withings' callback rules.</exception>
    /// <exception cref="WithingsApiException">Withings refused or did not answer.</exception>
    Task UpdateAsync(string accessToken, Uri callbackUrl, NotificationCategory appli, NotifyUpdate change, CancellationToken cancellationToken = default);

    /// <summary>Stops notifications to <paramref name="callbackUrl"/> (<c>action=revoke</c>).</summary>
    /// <param name="accessToken">The user's access token.</param>
    /// <param name="callbackUrl">The subscribed URL.</param>
    /// <param name="appli">The category; when <see langword="null"/> no <c>appli</c> is sent and Withings decides.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Withings revoked the subscription.</returns>
    /// <exception cref="WithingsApiException">Withings refused (286: no such subscription) or did not answer.</exception>
    Task RevokeAsync(string accessToken, Uri callbackUrl, NotificationCategory? appli = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes <paramref name="callbackUrl"/> subscribed to exactly what is asked: lists the user's subscriptions first,
    /// subscribes only the missing categories (each <see cref="WithingsNotifyOptions.SubscribeSpacing"/> after the
    /// previous, a status 293 tried again up to <see cref="WithingsNotifyOptions.CallbackCheckRetries"/> times with
    /// backoff) and, with <paramref name="prune"/>, revokes this callback URL's subscriptions of other categories.
    /// Subscriptions of other callback URLs are never touched. Running it twice sends no subscribe the second time.
    /// </summary>
    /// <param name="accessToken">The user's access token.</param>
    /// <param name="callbackUrl">The URL Withings will POST notifications to; must pass Withings' HEAD check.</param>
    /// <param name="categories">The categories to keep subscribed; not <see cref="NotificationCategory.NoAccountAssociated"/> (see <see cref="SubscribeNoAccountAssociatedAsync"/>).</param>
    /// <param name="prune">Whether to revoke this callback URL's subscriptions of categories not in <paramref name="categories"/>.</param>
    /// <param name="comment">The comment of new subscriptions; <see cref="WithingsNotifyClient.DefaultComment"/> when <see langword="null"/> or empty.</param>
    /// <param name="cancellationToken">Cancels the run, including its waits.</param>
    /// <returns>What was kept, subscribed, revoked or failed, per category. A refused subscribe or revoke is a failed outcome, not an exception.</returns>
    /// <exception cref="ArgumentException">An argument is missing, a category is 53, or the URL breaks one of Withings' callback rules.</exception>
    /// <exception cref="WithingsApiException">Withings refused the initial <c>list</c> (for example an expired token) or did not answer.</exception>
    Task<SubscriptionEnsureResult> EnsureSubscriptionsAsync(string accessToken, Uri callbackUrl, IEnumerable<NotificationCategory> categories, bool prune = false, string? comment = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Subscribes <paramref name="callbackUrl"/> to appli 53 (<see cref="NotificationCategory.NoAccountAssociated"/>),
    /// once for the whole application: a signed <c>subscribe</c> with <c>client_id</c>, a fresh <c>nonce</c> and
    /// <c>signature</c> instead of a user token (Withings Cellular and Mobile SDK partners).
    /// </summary>
    /// <param name="callbackUrl">The URL Withings will POST the notifications to; must pass Withings' HEAD check.</param>
    /// <param name="comment">A note shown in <c>list</c>; <see cref="WithingsNotifyClient.DefaultComment"/> when <see langword="null"/> or empty.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Withings accepted the subscription.</returns>
    /// <exception cref="ArgumentException">The URL breaks one of Withings' callback rules.</exception>
    /// <exception cref="InvalidOperationException"><c>Withings:ClientId</c> or <c>Withings:ClientSecret</c> is not configured.</exception>
    /// <exception cref="WithingsApiException">Withings refused (342: invalid signature) or did not answer.</exception>
    Task SubscribeNoAccountAssociatedAsync(Uri callbackUrl, string? comment = null, CancellationToken cancellationToken = default);
}
