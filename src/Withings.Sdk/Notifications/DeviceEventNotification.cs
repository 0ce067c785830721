namespace Withings.Sdk;

/// <summary>
/// An event reported by a device (bed in/out, inflate done, failed ECG): there is no data to fetch, only the
/// event's <c>date</c> and the <c>deviceid</c> that raised it.
/// </summary>
public abstract record DeviceEventNotification : WithingsNotification
{
    /// <summary>When the event happened (<c>date</c>), when sent.</summary>
    public NotificationDate? Date { get; init; }

    /// <summary>The opaque identifier of the device (<c>deviceid</c>); never a number.</summary>
    public string? DeviceId { get; init; }
}
