namespace Withings.Sdk;

/// <summary>The user lay down on a sleep sensor; nothing to fetch (appli 50).</summary>
public sealed record BedInNotification : DeviceEventNotification
{
    /// <inheritdoc />
    public override NotificationCategory Appli => NotificationCategory.BedIn;
}
