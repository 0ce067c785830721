using System.Globalization;

namespace Withings.Sdk.Sample.Demo;

/// <summary>
/// The demo's table: each body, the typed record it becomes (or the typed error), and the requests planned for it,
/// action and key fields, <c>data_fields</c> shortened.
/// </summary>
internal static class PlanTable
{
    private const string Indent = "     ";

    // The fields Withings documents for notifications (docs/withings-api.md §1); any other is shown as kept.
    private static readonly HashSet<string> DocumentedFields = new(StringComparer.Ordinal)
    {
        "userid", "appli", "startdate", "enddate", "date", "deviceid", "action", "mac",
    };

    public static void Write(DemoText text, NotificationParser parser, FetchPlanner planner, IReadOnlyList<(string Note, string Body)> bodies)
    {
        for (var i = 0; i < bodies.Count; i++)
        {
            var (note, body) = bodies[i];
            text.Line();
            text.Line($"  #{i + 1} {note}");
            text.Line(Indent + body);
            if (!parser.TryParse(body, out var notification, out var error))
            {
                text.Line($"{Indent}NotificationParseError {error.Kind}, field '{error.Field}':");
                text.Wrap(Indent + "  ", error.Message.Split(' '), Indent.Length + 2);
                continue;
            }

            var user = notification.UserId is { } id ? ", user " + id.ToString(CultureInfo.InvariantCulture) : string.Empty;
            text.Wrap(Indent + notification.GetType().Name + ":", $"appli {(int)notification.Appli} ({Category(notification)}){user}".Split(' '), Indent.Length + 2);
            foreach (var detail in Details(notification))
            {
                text.Wrap(Indent, detail.Split(' '), Indent.Length + 2);
            }

            var plan = planner.Plan(notification);
            if (plan.IsEmpty)
            {
                text.Wrap(Indent + "-> nothing to fetch:", (plan.Reason ?? string.Empty).Split(' '), Indent.Length + 3);
            }

            foreach (var request in plan.Requests)
            {
                WriteRequest(text, request);
            }
        }
    }

    public static void WriteRequest(DemoText text, FetchRequest request)
    {
        var fields = request.Form.Skip(1).Select(f => f.Key == "data_fields" ? "data_fields=" + Shorten(f.Value) : $"{f.Key}={f.Value}");
        var signed = request.RequiresSignature ? ["(signed)"] : Array.Empty<string>();
        text.Wrap($"{Indent}-> {request.Path} {request.Action}", fields.Concat(signed), Indent.Length + 5);
    }

    public static string Category(WithingsNotification notification) =>
        NotificationJson.CategoryName(notification).Replace('_', ' ');

    /// <summary>The first fields of a long <c>data_fields</c> list and how many there are.</summary>
    private static string Shorten(string dataFields)
    {
        var fields = dataFields.Split(',');
        return fields.Length <= 3 ? dataFields : $"{string.Join(',', fields.Take(3))},...({fields.Length})";
    }

    private static IEnumerable<string> Details(WithingsNotification notification)
    {
        switch (notification)
        {
            case ActivityNotification { Date: { } day }:
                yield return $"date {day}";
                break;
            case WindowNotification { HasWindow: true } window:
                yield return $"window {Utc(window.StartDate!.Value)} to {Utc(window.EndDate!.Value)}";
                break;
            case WindowNotification:
                yield return "no window: asks for what changed since the cursor (now - 24 h)";
                break;
            case UserProfileNotification { Action: { } action }:
                yield return $"action {action.Value} (UserProfileActionKind.{action.Kind})";
                break;
            case NoAccountAssociatedNotification noAccount:
                yield return $"mac {noAccount.Mac}; no user: you choose whose token links it";
                break;
        }

        var kept = notification.Fields.Where(f => notification is UnknownNotification || !DocumentedFields.Contains(f.Key)).ToList();
        if (kept.Count > 0)
        {
            yield return "fields kept: " + string.Join(' ', kept.Select(f => $"{f.Key}={f.Value}"));
        }
    }

    private static string Utc(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
}
