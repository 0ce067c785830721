namespace Withings.Sdk;

/// <summary>
/// A change to the user's profile (appli 46): the user deleted their account, unlinked your application, or
/// updated their profile. Nothing to fetch: act on <see cref="Action"/>.
/// </summary>
public sealed record UserProfileNotification : WithingsNotification
{
    /// <inheritdoc />
    public override NotificationCategory Appli => NotificationCategory.UserProfile;

    /// <summary>What happened (<c>action</c>), when sent; unknown actions keep their raw text.</summary>
    public UserProfileAction? Action { get; init; }
}
