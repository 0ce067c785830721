using System.Globalization;

namespace Withings.Sdk;

/// <summary>
/// Withings' rules for callback URLs (docs/withings-api.md §2): https, a host name (no IP address, no localhost), port 80 or
/// 443, at most 255 characters. Checked before subscribing so that the caller gets the rule instead of status 293.
/// </summary>
internal static class CallbackUrlRules
{
    public const int MaxLength = 255;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first rule <paramref name="url"/> breaks.</summary>
    /// <param name="url">The URL to check.</param>
    /// <param name="paramName">The parameter that holds it.</param>
    /// <param name="what">How the message names it, for example "callbackUrl".</param>
    /// <remarks>The message never quotes the URL: a callback URL often carries a secret in its query.</remarks>
    public static void Validate(Uri url, string paramName, string what)
    {
        var problem = FindProblem(url);
        if (problem is not null)
        {
            throw new ArgumentException(what + " " + problem + " (WithingsOptions.Notify.ValidateCallbackUrls turns this check off for local tests)", paramName);
        }
    }

    public static string? FindProblem(Uri url)
    {
        if (!url.IsAbsoluteUri)
        {
            return "is not an absolute URL; Withings needs https://host/path";
        }

        if (url.OriginalString.Length > MaxLength)
        {
            return "is " + url.OriginalString.Length.ToString(CultureInfo.InvariantCulture) + " characters long; Withings accepts at most 255";
        }

        if (!string.Equals(url.Scheme, "https", StringComparison.OrdinalIgnoreCase))
        {
            return "uses " + url.Scheme + "; Withings only calls https URLs";
        }

        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            return "uses an IP address as host; Withings needs a host name";
        }

        if (url.IsLoopback || url.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || url.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return "points at localhost; Withings must reach it from the internet";
        }

        if (url.Port is not (80 or 443))
        {
            return "uses port " + url.Port.ToString(CultureInfo.InvariantCulture) + "; Withings only calls ports 80 and 443";
        }

        return null;
    }
}
