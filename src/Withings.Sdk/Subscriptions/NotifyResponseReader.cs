using System.Globalization;
using System.Text.Json;

namespace Withings.Sdk;

/// <summary>
/// Reads Notify response bodies field by field, so that extra fields are ignored, missing ones become defaults,
/// and a legacy <c>expires</c> that is absent, null or an integer never breaks the call.
/// </summary>
internal static class NotifyResponseReader
{
    public static NotifySubscription ReadSubscription(JsonElement element, NotificationCategory? fallbackAppli = null) => new()
    {
        Appli = ReadInt(element, "appli") is int appli ? (NotificationCategory)appli : fallbackAppli ?? default,
        CallbackUrl = ReadString(element, "callbackurl") ?? string.Empty,
        Comment = ReadString(element, "comment"),
        Expires = JsonFields.GetInt64(element, "expires") is long seconds && seconds is > 0 and <= 253_402_300_799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null,
    };

    public static IReadOnlyList<NotifySubscription> ReadProfiles(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object
            || !body.TryGetProperty("profiles", out var profiles)
            || profiles.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var result = new List<NotifySubscription>(profiles.GetArrayLength());
        foreach (var profile in profiles.EnumerateArray())
        {
            if (profile.ValueKind == JsonValueKind.Object)
            {
                result.Add(ReadSubscription(profile));
            }
        }

        return result;
    }

    private static string? ReadString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    private static int? ReadInt(JsonElement element, string name) =>
        JsonFields.GetInt64(element, name) is long value && value is >= int.MinValue and <= int.MaxValue ? (int)value : null;
}
