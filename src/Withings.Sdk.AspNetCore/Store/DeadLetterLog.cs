using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// One structured warning per dead letter, whatever the store: its reason, attempts, appli, the body's length and a
/// hash of it, never the body itself (it may hold personal data).
/// </summary>
internal static partial class DeadLetterLog
{
    // An error message is the handler's or the planner's: a log line stays one line and readable.
    internal const int MaxLoggedErrorChars = 512;

    public static void Write(ILogger logger, WithingsDeadLetter deadLetter)
    {
        var bytes = Encoding.UTF8.GetBytes(deadLetter.Body);

        // Enough of SHA-256 to find the same body again in a store or in Withings' retries; not the body.
        var hash = Convert.ToHexString(SHA256.HashData(bytes), 0, 8).ToLowerInvariant();
        DeadLettered(logger, deadLetter.Exception, deadLetter.Reason, deadLetter.Attempts, (int?)deadLetter.Notification?.Appli, bytes.Length, hash, SingleLine(deadLetter.Error));
    }

    /// <summary>Control characters (a newline would forge a log line) become spaces; long text is cut.</summary>
    internal static string SingleLine(string text)
    {
        var cut = text.Length > MaxLoggedErrorChars;
        var span = cut ? text.AsSpan(0, MaxLoggedErrorChars) : text.AsSpan();
        if (!cut && !span.ContainsAnyInRange('\0', '\u001f') && !span.Contains('\u007f') && !span.ContainsAny('\u2028', '\u2029', '\u0085'))
        {
            return text;
        }

        var builder = new StringBuilder(span.Length + 1);
        foreach (var c in span)
        {
            builder.Append(char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c);
        }

        return cut ? builder.Append('…').ToString() : builder.ToString();
    }

    [LoggerMessage(EventId = 1020, Level = LogLevel.Warning, Message = "Withings notification dead-lettered ({Reason}, {Attempts} handler attempts, appli {Appli}, body of {BodyBytes} bytes, sha256 {BodyHash}): {Error}")]
    private static partial void DeadLettered(ILogger logger, Exception? exception, WithingsDeadLetterReason reason, int attempts, int? appli, int bodyBytes, string bodyHash, string error);
}
