namespace Withings.Sdk;

/// <summary>New stethoscope data: fetch it with Measure - Getmeas, then Stetho v2 - List and each recording (appli 61).</summary>
public sealed record StethoscopeNotification : WindowNotification
{
    /// <inheritdoc />
    public override NotificationCategory Appli => NotificationCategory.Stethoscope;
}
