namespace Withings.Sdk;

/// <summary>
/// A device was set up through the Withings Data Hub but is not associated with any account (appli 53). It names
/// the device by MAC address and carries no user: link the device with User v2 - Link (or activate an account).
/// </summary>
public sealed record NoAccountAssociatedNotification : WithingsNotification
{
    /// <inheritdoc />
    public override NotificationCategory Appli => NotificationCategory.NoAccountAssociated;

    /// <summary>The device's MAC address (<c>mac</c>), exactly as received.</summary>
    public string Mac { get; init; } = string.Empty;
}
