using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Withings.Sdk;

/// <summary>
/// What makes two notifications the same: user, appli, window or date, action, device, and mac for appli 53. A retry
/// by Withings repeats the body, so it has the same key (delivery is at least once); whether the same key later is a
/// retry or new data is <see cref="RepeatableNotifications"/>' call. Exposed as <see cref="ReceivedNotification.DuplicateKey"/>.
/// </summary>
internal static class NotificationIdempotencyKey
{
    // Keys go to a shared store (Redis); a hostile 64 KiB deviceid must not become a 64 KiB cache key.
    private const int MaxPlainKeyLength = 200;

    public static string For(WithingsNotification notification)
    {
        string? start = null, end = null, date = null, action = null, device = null, mac = null;
        switch (notification)
        {
            case ActivityNotification activity:
                (start, end, date) = (Seconds(activity.StartDate), Seconds(activity.EndDate), activity.Date?.ToString());
                break;
            case WindowNotification window:
                (start, end) = (Seconds(window.StartDate), Seconds(window.EndDate));
                break;
            case DeviceEventNotification deviceEvent:
                (date, device) = (deviceEvent.Date?.ToString(), deviceEvent.DeviceId);
                break;
            case UserProfileNotification profile:
                // A profile change with a date names one change, so a repeat is a retry (RepeatableNotifications).
                (action, date) = (profile.Action?.Value, Field(profile.Fields, "date"));
                break;
            case NoAccountAssociatedNotification noAccount:
                mac = noAccount.Mac;
                break;
            default:
                // A category this SDK does not know yet: the same documented fields, read from the raw ones.
                var fields = notification.Fields;
                start = Field(fields, "startdate");
                end = Field(fields, "enddate");
                date = Field(fields, "date");
                action = Field(fields, "action");
                device = Field(fields, "deviceid");
                mac = Field(fields, "mac");
                break;
        }

        var key = FormattableString.Invariant(
            $"withings:notification:{(int)notification.Appli}:{notification.UserId}:{start}:{end}:{Escape(date)}:{Escape(action)}:{Escape(device)}:{Escape(mac)}");
        return key.Length <= MaxPlainKeyLength ? key : "withings:notification:sha256:" + Sha256Hex(key);
    }

    // Upper-case hex, as the keys already stored were written.
    private static string Sha256Hex(string key)
    {
#if NET
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
#else
        using var sha = SHA256.Create();
        return BitConverter.ToString(sha.ComputeHash(Encoding.UTF8.GetBytes(key))).Replace("-", string.Empty);
#endif
    }

    private static string? Seconds(DateTimeOffset? instant) => instant?.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static string? Field(NotificationFields fields, string name) => fields.TryGetValue(name, out var value) ? value : null;

    // Free-text values could contain the separator and so forge another notification's key.
    private static string? Escape(string? value) => value is null || value.IndexOf(':') < 0 ? value : Uri.EscapeDataString(value);
}
