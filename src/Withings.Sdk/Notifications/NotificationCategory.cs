namespace Withings.Sdk;

/// <summary>
/// The Withings notification categories (the <c>appli</c> values) documented on the notification page.
/// </summary>
/// <remarks>
/// Withings adds categories over time: a value outside this list is still a valid <c>appli</c>, parsed into an
/// <see cref="UnknownNotification"/>, and can be cast to and from <see cref="int"/> freely.
/// </remarks>
public enum NotificationCategory
{
    /// <summary>New weight-related data (appli 1, scope <c>user.metrics</c>).</summary>
    Weight = 1,

    /// <summary>New temperature-related data (appli 2, scope <c>user.metrics</c>).</summary>
    Temperature = 2,

    /// <summary>New blood-pressure-related data (appli 4, scope <c>user.metrics</c>).</summary>
    BloodPressure = 4,

    /// <summary>New activity-related data (appli 16, scope <c>user.activity</c>).</summary>
    Activity = 16,

    /// <summary>New sleep-related data (appli 44, scope <c>user.activity</c>).</summary>
    Sleep = 44,

    /// <summary>A user profile was deleted, unlinked or updated (appli 46, scope <c>user.info</c>).</summary>
    UserProfile = 46,

    /// <summary>Bed in: the user lay down on a sleep sensor (appli 50, scope <c>user.sleepevents</c>).</summary>
    BedIn = 50,

    /// <summary>Bed out: the user got out of bed (appli 51, scope <c>user.sleepevents</c>).</summary>
    BedOut = 51,

    /// <summary>A sleep sensor finished its initial inflation (appli 52, scope <c>user.sleepevents</c>).</summary>
    InflateDone = 52,

    /// <summary>A device was set up through the Data Hub without an associated account (appli 53).</summary>
    NoAccountAssociated = 53,

    /// <summary>New ECG data (appli 54, scope <c>user.metrics</c>).</summary>
    Ecg = 54,

    /// <summary>An ECG measure failed (appli 55, scope <c>user.metrics</c>).</summary>
    EcgFailed = 55,

    /// <summary>New glucose data (appli 58, scope <c>user.metrics</c>).</summary>
    Glucose = 58,

    /// <summary>New survey answers (appli 60, scope <c>user.data</c>).</summary>
    Survey = 60,

    /// <summary>New stethoscope data (appli 61, scope <c>user.metrics</c>).</summary>
    Stethoscope = 61,

    /// <summary>New heart-rate-variability data (appli 62, scope <c>user.metrics</c>).</summary>
    Hrv = 62,

    /// <summary>New urine analysis data from a U-Scan (appli 63).</summary>
    Urine = 63,
}
