namespace Withings.Sdk;

/// <summary>One Notify subscription: a callback URL that receives one category of a user's notifications.</summary>
public sealed record NotifySubscription
{
    /// <summary>The category notified; <c>0</c> when Withings omitted it.</summary>
    public NotificationCategory Appli { get; init; }

    /// <summary>The callback URL, exactly as Withings returned it.</summary>
    public string CallbackUrl { get; init; } = string.Empty;

    /// <summary>The comment given when subscribing, if any.</summary>
    public string? Comment { get; init; }

    /// <summary>
    /// When the subscription expires, for <c>list</c> results that carry the legacy <c>expires</c> field; absent,
    /// <see langword="null"/> or unreadable values give <see langword="null"/>.
    /// </summary>
    public DateTimeOffset? Expires { get; init; }
}
