namespace Withings.Sdk;

/// <summary>New ECG data: fetch it with Heart v2 - List (appli 54).</summary>
public sealed record EcgNotification : WindowNotification
{
    /// <inheritdoc />
    public override NotificationCategory Appli => NotificationCategory.Ecg;
}
