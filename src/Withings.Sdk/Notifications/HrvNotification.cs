namespace Withings.Sdk;

/// <summary>New heart-rate-variability data: fetch it with Measure - Getmeas (appli 62).</summary>
public sealed record HrvNotification : WindowNotification
{
    /// <inheritdoc />
    public override NotificationCategory Appli => NotificationCategory.Hrv;
}
