namespace Withings.Sdk;

/// <summary>New stethoscope data: fetch it with Measure - Getmeas (appli 61).</summary>
public sealed record StethoscopeNotification : WindowNotification
{
    /// <inheritdoc />
    public override NotificationCategory Appli => NotificationCategory.Stethoscope;
}
