using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Splits a batch into users' parts and plans it. Each category is planned as one batch with
/// <see cref="FetchPlanner"/>'s batch overload, so that every user's cursor of that very category is the
/// <see cref="PlanningContext.Since"/>; requests of different categories hardly ever coalesce (other services or
/// other <c>meastypes</c>), so planning per category costs next to nothing in requests.
/// </summary>
/// <remarks>
/// A user whose zone is unknown and whose activity notification names a day gets no intraday request here: the hours
/// of that day depend on the zone. The user's other requests (the day's getactivity among them) go first, and
/// <see cref="PlanIntraday"/> plans the intraday windows once their answers told the zone.
/// </remarks>
internal sealed class SyncBatchPlanner(FetchPlanner planner, ILogger logger)
{
    // Every zone's calendar day D lies within [D 00:00 UTC − 14 h, D+1 00:00 UTC + 12 h] (UTC+14 to UTC−12).
    private const long EastmostOffsetSeconds = 14 * 3_600;
    private const long WestmostOffsetSeconds = 12 * 3_600;
    private const long SecondsPerDay = 86_400;

    // Read by the users' parts running at once (PlanIntraday).
    private readonly ConcurrentDictionary<string, TimeZoneInfo?> _zones = new(StringComparer.Ordinal);

    /// <summary>Plans the parsed, non-profile notifications of a batch.</summary>
    /// <param name="items">The items, in the order received.</param>
    /// <param name="contexts">Each user's context, read before.</param>
    /// <param name="unplannable">Receives the items of a category the planner refused, with the reason.</param>
    /// <returns>The users' parts, in order of first appearance.</returns>
    public List<UserPart> Plan(
        IReadOnlyList<ReceivedNotification> items,
        IReadOnlyDictionary<long, WithingsUserContext> contexts,
        List<(ReceivedNotification Item, Exception Error)> unplannable)
    {
        var parts = new Dictionary<long, UserPart>();
        UserPart? noUser = null;
        var order = new List<UserPart>();
        var byCategory = new Dictionary<NotificationCategory, List<ReceivedNotification>>();
        foreach (var item in items)
        {
            var notification = item.Notification!;
            UserPart part;
            if (notification.UserId is not { } userId)
            {
                part = noUser ??= Add(order, new UserPart(null));
            }
            else if (!parts.TryGetValue(userId, out part!))
            {
                part = Add(order, new UserPart(userId));
                if (contexts.TryGetValue(userId, out var context))
                {
                    part.Context = context;
                    part.TimeZone = context.TimeZone;
                }

                parts.Add(userId, part);
            }

            part.Items.Add(item);
            part.AwaitsZone |= part.UserId is not null && NamesADay(notification) && Zone(part.TimeZone) is null;
            var category = notification.Appli;
            if (!byCategory.TryGetValue(category, out var list))
            {
                byCategory.Add(category, list = []);
            }

            list.Add(item);
        }

        foreach (var (category, list) in byCategory)
        {
            FetchPlan plan;
            try
            {
                plan = planner.Plan(list.Select(i => i.Notification!), user => Context(user, category, contexts));
            }
#pragma warning disable CA1031 // A category the planner refuses is dead-lettered; the rest of the batch goes on.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                DeliveryLog.PlanningFailed(logger, exception, (int)category);
                foreach (var item in list)
                {
                    unplannable.Add((item, exception));
                    (item.Notification!.UserId is { } id ? parts[id] : noUser!).Items.Remove(item);
                }

                continue;
            }

            foreach (var request in plan.Requests)
            {
                var part = request.UserId is { } id && parts.TryGetValue(id, out var found) ? found : noUser;
                if (part is not null && !(part.AwaitsZone && IsIntraday(request)))
                {
                    part.Requests.Add(new PartRequest(category, request));
                }
            }
        }

        return order;
    }

    /// <summary>
    /// The intraday requests of a user's activity notifications, once the zone is known from Withings' answers
    /// (<paramref name="timeZone"/>): the user's days in that zone. When no answer carried it, each day is widened to
    /// hold that day in every zone, so that no hour of it is missed whatever the zone; never the bare UTC day.
    /// </summary>
    public IReadOnlyList<FetchRequest> PlanIntraday(UserPart part, string? timeZone)
    {
        var activity = part.Items.Select(i => i.Notification).OfType<ActivityNotification>().ToList();
        var zone = Zone(timeZone);
        var context = new PlanningContext { TimeZone = zone, Since = part.Context?.GetCursor(NotificationCategory.Activity) };
        List<WithingsNotification> notifications = zone is not null ? [.. activity] : [.. activity.Select(WidenedToEveryZone)];
        return notifications.Count == 0
            ? []
            : [.. planner.Plan(notifications, _ => context).Requests.Where(IsIntraday)];
    }

    // An activity notification whose intraday hours depend on the user's zone: a day, not a window (a window wins).
    private static bool NamesADay(WithingsNotification notification) =>
        notification is ActivityNotification { HasWindow: false, Date: not null };

    private static bool IsIntraday(FetchRequest request) =>
        request.Path == "/v2/measure" && request.Action == "getintradayactivity";

    // The window from the day's start in UTC+14 to its end in UTC−12; an epoch date's day is any its instant falls on.
    private static WithingsNotification WidenedToEveryZone(ActivityNotification notification)
    {
        if (!NamesADay(notification))
        {
            return notification;
        }

        var date = notification.Date!.Value;
        long firstDay, lastDay;
        if (date.Instant is { } instant)
        {
            var seconds = instant.ToUnixTimeSeconds();
            (firstDay, lastDay) = (FloorDiv(seconds - WestmostOffsetSeconds, SecondsPerDay), FloorDiv(seconds + EastmostOffsetSeconds, SecondsPerDay));
        }
        else
        {
            firstDay = lastDay = FloorDiv(new DateTimeOffset(date.GetCalendarDay(TimeZoneInfo.Utc), TimeSpan.Zero).ToUnixTimeSeconds(), SecondsPerDay);
        }

        return new ActivityNotification
        {
            UserId = notification.UserId,
            StartDate = DateTimeOffset.FromUnixTimeSeconds((firstDay * SecondsPerDay) - EastmostOffsetSeconds),
            EndDate = DateTimeOffset.FromUnixTimeSeconds(((lastDay + 1) * SecondsPerDay) + WestmostOffsetSeconds),
        };
    }

    private static long FloorDiv(long value, long divisor) => (value / divisor) - (value % divisor < 0 ? 1 : 0);

    private static UserPart Add(List<UserPart> order, UserPart part)
    {
        order.Add(part);
        return part;
    }

    private PlanningContext? Context(long? userId, NotificationCategory category, IReadOnlyDictionary<long, WithingsUserContext> contexts)
    {
        if (userId is not { } id || !contexts.TryGetValue(id, out var context))
        {
            return null;
        }

        // An unknown (or unrecognised) zone stays null: the planner then widens day ranges to every zone's calendar
        // day instead of guessing UTC, so no day a service files the data under is missed.
        return new PlanningContext { TimeZone = Zone(context.TimeZone), Since = context.GetCursor(category) };
    }

    private TimeZoneInfo? Zone(string? name)
    {
        if (name is null)
        {
            return null;
        }

        if (_zones.TryGetValue(name, out var zone))
        {
            return zone;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            SyncLog.UnknownTimeZone(logger);
            zone = null;
        }

        return _zones.GetOrAdd(name, zone);
    }
}
