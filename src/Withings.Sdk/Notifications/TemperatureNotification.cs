namespace Withings.Sdk;

/// <summary>New temperature-related data: fetch it with Measure - Getmeas (appli 2).</summary>
public sealed record TemperatureNotification : WindowNotification
{
    /// <inheritdoc />
    public override NotificationCategory Appli => NotificationCategory.Temperature;
}
