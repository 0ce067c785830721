using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Splits a batch into users' parts and plans it. Each category is planned as one batch with
/// <see cref="FetchPlanner"/>'s batch overload, so that every user's cursor of that very category is the
/// <see cref="PlanningContext.Since"/>; requests of different categories hardly ever coalesce (other services or
/// other <c>meastypes</c>), so planning per category costs next to nothing in requests.
/// </summary>
internal sealed class SyncBatchPlanner(FetchPlanner planner, ILogger logger)
{
    private readonly Dictionary<string, TimeZoneInfo?> _zones = new(StringComparer.Ordinal);

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
                parts.Add(userId, part);
            }

            part.Items.Add(item);
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
                SyncLog.PlanningFailed(logger, exception, (int)category);
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
                part?.Requests.Add((category, request));
            }
        }

        return order;
    }

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
        var zone = context.TimeZone is { } name ? Zone(name) : null;
        return new PlanningContext { TimeZone = zone, Since = context.GetCursor(category) };
    }

    private TimeZoneInfo? Zone(string name)
    {
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

        _zones[name] = zone;
        return zone;
    }
}
