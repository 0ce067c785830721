namespace Withings.Sdk;

/// <summary>
/// Which repeated bodies are Withings' retries and which are new data: the rule behind
/// <see cref="ReceivedNotification.IsRepeatable"/>, which every store applies as it hands a notification out.
/// </summary>
/// <remarks>
/// <para>A body with a window (<c>startdate</c> and <c>enddate</c>) names one change at Withings, and so does a device
/// event's epoch <c>date</c> with its <c>deviceid</c> (appli 50, 51, 52, 55) or a profile change's <c>date</c>: the same
/// body again is Withings re-sending it, absorbed for <see cref="WithingsReceiverOptions.DuplicateTimeToLive"/>.</para>
/// <para>Any other body (glucose 58, survey 60, stethoscope 61, HRV 62, urine 63, a profile change without a date, a
/// category without its window, and an activity <c>date=D</c>, which Withings sends again at each sync of that day)
/// only says that something changed. While one waits in the store, the same body again is the same work and is
/// absorbed; once it was handed out, the same body is a later change to fetch, so the store forgets its key.</para>
/// </remarks>
internal static class RepeatableNotifications
{
    /// <summary>Whether the same body again, after this one was taken for handling, is new data.</summary>
    public static bool IsRepeatable(WithingsNotification notification) => notification switch
    {
        WindowNotification window => !window.HasWindow,
        DeviceEventNotification deviceEvent => deviceEvent.Date is null,
        UserProfileNotification profile => !profile.Fields.ContainsKey("date"),
        _ => !(notification.Fields.ContainsKey("startdate") && notification.Fields.ContainsKey("enddate")),
    };
}
