namespace Withings.Sdk;

/// <summary>New glucose data: fetch it with Measure - Getmeas (appli 58).</summary>
public sealed record GlucoseNotification : WindowNotification
{
    /// <inheritdoc />
    public override NotificationCategory Appli => NotificationCategory.Glucose;
}
