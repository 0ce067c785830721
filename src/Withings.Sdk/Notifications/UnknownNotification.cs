namespace Withings.Sdk;

/// <summary>
/// A notification whose <c>appli</c> this version of the SDK does not know. Nothing is dropped: every field is in
/// <see cref="WithingsNotification.Fields"/>, so newer categories can be handled before the SDK learns them.
/// </summary>
public sealed record UnknownNotification : WithingsNotification
{
    private readonly NotificationCategory _appli;

    /// <inheritdoc />
    public override NotificationCategory Appli => _appli;

    /// <summary>Creates an unknown notification for the given <c>appli</c>.</summary>
    /// <param name="appli">The <c>appli</c> value as received.</param>
    public UnknownNotification(int appli) => _appli = (NotificationCategory)appli;
}
