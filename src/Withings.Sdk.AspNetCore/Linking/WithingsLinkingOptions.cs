namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Settings of user linking (<c>AddLinking</c>, <c>MapWithingsLinking</c>), bound from the configuration section
/// <c>Withings:Linking</c> (for example the environment variable <c>Withings__Linking__RedirectUri</c>) and validated
/// when the host starts. Linking also needs <c>Withings:ClientId</c> and <c>Withings:ClientSecret</c>.
/// </summary>
public sealed class WithingsLinkingOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Withings:Linking";

    /// <summary>The scopes asked for when <see cref="Scopes"/> is empty: <c>user.metrics</c> and <c>user.activity</c>.</summary>
    public static IReadOnlyList<string> DefaultScopes { get; } = [WithingsScopes.UserMetrics, WithingsScopes.UserActivity];

    /// <summary>
    /// The absolute URL of the linking callback endpoint (<c>…/callback</c> under the prefix given to
    /// <c>MapWithingsLinking</c>), exactly as registered among the callback URLs of your Withings application, for
    /// example <c>https://example.com/withings/link/callback</c>. When <see langword="null"/> (the default) it is built
    /// from each request's scheme, host and path base, as ASP.NET Core's own OAuth handlers do; set it when the app
    /// sits behind a proxy or answers on several host names.
    /// </summary>
    public Uri? RedirectUri { get; set; }

    /// <summary>
    /// The scopes users are asked to grant, for example <c>user.metrics</c> (measures), <c>user.activity</c> (activity
    /// and sleep) or <c>user.sleepevents</c>. Empty (the default) asks for <see cref="DefaultScopes"/>, without
    /// <c>user.info</c>, which one of Withings' guides says fails for applications without a contract.
    /// </summary>
    public IList<string> Scopes { get; set; } = [];

    /// <summary>
    /// The callback URL that notifications of a newly linked user are subscribed to, for example
    /// <c>https://example.com/withings/notify?secret=…</c> (the URL of <c>MapWithingsNotifications</c>). Never logged.
    /// When <see langword="null"/> (the default), linking subscribes nothing; set it together with
    /// <see cref="Categories"/>.
    /// </summary>
    public Uri? CallbackUrl { get; set; }

    /// <summary>
    /// The categories a newly linked user is subscribed to on <see cref="CallbackUrl"/>, for example weight (1), blood
    /// pressure (4), activity (16) and sleep (44); subscriptions the user already has are kept. Empty (the default)
    /// subscribes nothing.
    /// </summary>
    public IList<NotificationCategory> Categories { get; set; } = [];

    /// <summary>
    /// How long a user has, from the connect endpoint, to come back from Withings' authorization page (signing in,
    /// perhaps creating an account) before the link expires. Default 15 minutes, ASP.NET Core's own limit for remote
    /// sign-ins.
    /// </summary>
    [TimeSpanRange("00:00:10", "1.00:00:00")]
    public TimeSpan StateLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Whether the connect endpoint accepts <c>?mode=demo</c>, which sends the user to Withings' demo account (dummy
    /// data, for trying the integration without a device) instead of their own. Default <see langword="false"/>.
    /// </summary>
    public bool AllowDemoUser { get; set; }
}
