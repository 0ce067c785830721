namespace Withings.Sdk.AspNetCore;

/// <summary>
/// A notification body for the dashboard: each field's name, with its value masked except the user id and the
/// category (what an operator searches by). Other values (dates, device ids, actions) may be personal data.
/// </summary>
internal static class MaskedBody
{
    public const string Mask = "•••";

    public static string Of(string body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return string.Empty;
        }

        var fields = body.Split('&');
        for (var i = 0; i < fields.Length; i++)
        {
            var equals = fields[i].IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? fields[i] : fields[i][..equals];
            var value = equals < 0 ? string.Empty : fields[i][(equals + 1)..];
            fields[i] = IsShown(name) && IsDigits(value) ? name + "=" + value : name + "=" + Mask;
        }

        return string.Join('&', fields);
    }

    /// <summary>The user id and category of a body, as far as they read as numbers.</summary>
    public static (long? UserId, int Appli) Identify(string body)
    {
        long? userId = null;
        var appli = 0;
        foreach (var field in body.Split('&'))
        {
            var equals = field.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                continue;
            }

            var name = field[..equals];
            var value = field[(equals + 1)..];
            if (name == "userid" && long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var user))
            {
                userId = user;
            }
            else if (name == "appli" && int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var category))
            {
                appli = category;
            }
        }

        return (userId, appli);
    }

    // Only plain digits are shown even for these names: a malformed body could carry anything in them.
    private static bool IsShown(string name) => name is "userid" or "appli";

    private static bool IsDigits(string value) => value.Length is > 0 and <= 20 && value.All(char.IsAsciiDigit);
}
