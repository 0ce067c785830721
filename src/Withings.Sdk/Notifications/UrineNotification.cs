namespace Withings.Sdk;

/// <summary>New urine analysis data from a U-Scan: fetch it with Measure - Getmeas (appli 63).</summary>
public sealed record UrineNotification : WindowNotification
{
    /// <inheritdoc />
    public override NotificationCategory Appli => NotificationCategory.Urine;
}
