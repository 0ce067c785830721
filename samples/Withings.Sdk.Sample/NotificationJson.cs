using System.Text;
using System.Text.Json;

namespace Withings.Sdk.Sample;

/// <summary>How the sample prints notifications: wire names, numbers as numbers.</summary>
internal static class NotificationJson
{
    public static string CategoryName(WithingsNotification notification) =>
        notification is UnknownNotification ? "unknown" : SnakeCase(notification.Appli.ToString());

    public static void WriteCommon(Utf8JsonWriter json, WithingsNotification notification)
    {
        json.WriteNumber("appli", (int)notification.Appli);
        json.WriteNumberOrNull("userid", notification.UserId);

        json.WriteString("category", CategoryName(notification));
    }

    public static void WriteDetails(Utf8JsonWriter json, WithingsNotification notification)
    {
        json.WriteString("type", notification.GetType().Name);
        switch (notification)
        {
            case WindowNotification window:
                WriteInstant(json, "startdate", window.StartDate);
                WriteInstant(json, "enddate", window.EndDate);
                if (window is ActivityNotification { Date: { } day })
                {
                    json.WriteString("date", day.ToString());
                }

                break;
            case DeviceEventNotification device:
                if (device.Date is { } date)
                {
                    json.WriteString("date", date.ToString());
                }

                if (device.DeviceId is { } deviceId)
                {
                    json.WriteString("deviceid", deviceId);
                }

                break;
            case UserProfileNotification { Action: { } action }:
                json.WriteString("action", action.Value);
                json.WriteString("action_kind", action.Kind.ToString().ToLowerInvariant());
                break;
            case NoAccountAssociatedNotification noAccount:
                json.WriteString("mac", noAccount.Mac);
                break;
        }

        json.WriteStartObject("fields");
        foreach (var field in notification.Fields)
        {
            json.WriteString(field.Key, field.Value);
        }

        json.WriteEndObject();
    }

    private static void WriteInstant(Utf8JsonWriter json, string name, DateTimeOffset? instant)
    {
        if (instant is { } value)
        {
            json.WriteNumber(name, value.ToUnixTimeSeconds());
            json.WriteString(name + "_utc", value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
