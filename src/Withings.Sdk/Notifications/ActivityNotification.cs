namespace Withings.Sdk;

/// <summary>
/// New activity data (appli 16): fetch it with Measure v2 - Getactivity, Getintradayactivity and Getworkouts.
/// Withings sends the day as <c>date</c>; a <c>startdate</c>/<c>enddate</c> window, when present, wins.
/// </summary>
public sealed record ActivityNotification : WindowNotification
{
    /// <inheritdoc />
    public override NotificationCategory Appli => NotificationCategory.Activity;

    /// <summary>The day with new activity (<c>date</c>), when sent.</summary>
    public NotificationDate? Date { get; init; }
}
