namespace Withings.Sdk;

/// <summary>The user got out of bed; nothing to fetch (appli 51).</summary>
public sealed record BedOutNotification : DeviceEventNotification
{
    /// <inheritdoc />
    public override NotificationCategory Appli => NotificationCategory.BedOut;
}
