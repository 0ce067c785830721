namespace Withings.Sdk;

/// <summary>New blood-pressure-related data: fetch it with Measure - Getmeas (appli 4).</summary>
public sealed record BloodPressureNotification : WindowNotification
{
    /// <inheritdoc />
    public override NotificationCategory Appli => NotificationCategory.BloodPressure;
}
