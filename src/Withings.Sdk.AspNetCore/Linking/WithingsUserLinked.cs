namespace Withings.Sdk.AspNetCore;

/// <summary>
/// A user of your application linked their Withings account: the token pair is saved in the
/// <see cref="IWithingsTokenStore"/> and the configured subscriptions are ensured. Record
/// <see cref="WithingsUserId"/> against <see cref="UserKey"/>: notifications carry only the Withings user id. Holds no
/// token.
/// </summary>
/// <param name="UserKey">Your application's key of the user who linked, as the user-key function gave it when linking started.</param>
/// <param name="WithingsUserId">The Withings user id: the <c>userid</c> of this user's notifications and token pair.</param>
/// <param name="Scope">The scopes the user granted, comma separated, for example <c>user.metrics,user.activity</c>.</param>
/// <param name="IsDemo">Whether this is Withings' demo account (<c>mode=demo</c>) rather than the user's own.</param>
/// <param name="Subscriptions">
/// What was done for each configured category: subscribed, kept, or failed (with Withings' error). Empty when
/// <see cref="WithingsLinkingOptions.Categories"/> is. A failed category does not undo the link; the subscription
/// reconciler, or the next link, tries it again.
/// </param>
public sealed record WithingsUserLinked(string UserKey, long WithingsUserId, string Scope, bool IsDemo, SubscriptionEnsureResult Subscriptions);
