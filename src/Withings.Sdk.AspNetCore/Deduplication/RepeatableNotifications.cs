using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Which repeated bodies are Withings' retries and which are new data, and the one place that acts on it: both
/// stages of the delivery loop (the per-notification handler and the sync engine) call <see cref="TakenAsync"/> when
/// they take a notification for handling, whatever the duplicate filter (in memory, the durable store's, a distributed
/// cache's, Redis's or yours).
/// </summary>
/// <remarks>
/// <para>A body with a window (<c>startdate</c> and <c>enddate</c>) names one change at Withings, and so does a device
/// event's epoch <c>date</c> with its <c>deviceid</c> (appli 50, 51, 52, 55) or a profile change's <c>date</c>: the same
/// body again is Withings re-sending it, absorbed for <see cref="WithingsReceiverOptions.DuplicateTimeToLive"/>.</para>
/// <para>Any other body (glucose 58, survey 60, stethoscope 61, HRV 62, urine 63, a profile change without a date, a
/// category without its window, and an activity <c>date=D</c>, which Withings sends again at each sync of that day)
/// only says that something changed. While one waits in the queue, the same body again is the same work and is
/// absorbed; once it was taken, the same body is a later change to fetch, so its reservation ends here.</para>
/// </remarks>
internal sealed partial class RepeatableNotifications(IDuplicateFilter filter, ILogger<RepeatableNotifications> logger)
{
    /// <summary>Whether the same body again, after this one was taken for handling, is new data.</summary>
    public static bool IsRepeatable(WithingsNotification notification) => notification switch
    {
        WindowNotification window => !window.HasWindow,
        DeviceEventNotification deviceEvent => deviceEvent.Date is null,
        UserProfileNotification profile => !profile.Fields.ContainsKey("date"),
        _ => !(notification.Fields.ContainsKey("startdate") && notification.Fields.ContainsKey("enddate")),
    };

    /// <summary>
    /// Called by a consumer as it takes a notification for handling, before anything is fetched: a repeatable one's
    /// reservation ends, so that the same body posted from now on is handled again. A filter that fails is logged; at
    /// worst a later repeat waits for the reservation to expire.
    /// </summary>
    public async ValueTask TakenAsync(WithingsNotification notification, CancellationToken cancellationToken)
    {
        if (!IsRepeatable(notification))
        {
            return;
        }

        try
        {
            await filter.ReleaseAsync(NotificationIdempotencyKey.For(notification), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            ReleaseFailed(logger, exception, (int)notification.Appli);
        }
    }

    [LoggerMessage(EventId = 19, Level = LogLevel.Warning, Message = "The duplicate filter failed to forget a taken Withings notification (appli {Appli}); the same body is absorbed until its reservation expires")]
    private static partial void ReleaseFailed(ILogger logger, Exception exception, int appli);
}
