namespace Withings.Sdk;

/// <summary>An ECG measure failed on a device; nothing to fetch (appli 55).</summary>
public sealed record EcgFailedNotification : DeviceEventNotification
{
    /// <inheritdoc />
    public override NotificationCategory Appli => NotificationCategory.EcgFailed;
}
