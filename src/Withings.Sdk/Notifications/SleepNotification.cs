namespace Withings.Sdk;

/// <summary>New sleep data: fetch it with Sleep v2 - Get and Sleep v2 - Getsummary (appli 44).</summary>
public sealed record SleepNotification : WindowNotification
{
    /// <inheritdoc />
    public override NotificationCategory Appli => NotificationCategory.Sleep;
}
