namespace Withings.Sdk;

/// <summary>A sleep sensor finished its initial inflation; nothing to fetch (appli 52).</summary>
public sealed record InflateDoneNotification : DeviceEventNotification
{
    /// <inheritdoc />
    public override NotificationCategory Appli => NotificationCategory.InflateDone;
}
