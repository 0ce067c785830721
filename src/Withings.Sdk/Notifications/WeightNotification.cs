namespace Withings.Sdk;

/// <summary>New weight-related data: fetch it with Measure - Getmeas (appli 1).</summary>
public sealed record WeightNotification : WindowNotification
{
    /// <inheritdoc />
    public override NotificationCategory Appli => NotificationCategory.Weight;
}
