namespace Withings.Sdk;

/// <summary>Why a notification body could not be parsed: the field at fault and the problem, in words.</summary>
/// <param name="Field">The field at fault (for example <c>startdate</c>), or <c>body</c> for the body as a whole.</param>
/// <param name="Kind">The kind of problem.</param>
/// <param name="Message">A sentence naming the field and the problem, for example
/// <c>startdate: 'yesterday' is not a unix timestamp</c>.</param>
public sealed record NotificationParseError(string Field, NotificationParseErrorKind Kind, string Message)
{
    /// <summary>
    /// The field and the kind of problem, without the value that was sent, for example <c>startdate: malformed</c>:
    /// what a log or a dead-letter record shows, since values may be personal data and <see cref="Message"/> quotes them.
    /// </summary>
    /// <remarks>Always one line: characters of the field name other than letters, digits, <c>_</c>, <c>-</c> and
    /// <c>.</c> show as <c>?</c>, and a long name is cut.</remarks>
    public string Description => SafeField(Field) + ": " + Problem(Kind);

    /// <summary>The message.</summary>
    /// <returns><see cref="Message"/>.</returns>
    public override string ToString() => Message;

    private static string Problem(NotificationParseErrorKind kind) => kind switch
    {
        NotificationParseErrorKind.MissingField => "missing",
        NotificationParseErrorKind.MalformedField => "malformed",
        NotificationParseErrorKind.ConflictingDuplicate => "sent twice with different values",
        NotificationParseErrorKind.BodyTooLarge => "too large",
        _ => "invalid",
    };

    // Field names come from the body too (a conflicting duplicate names any key): keep them short and printable.
    private static string SafeField(string field)
    {
        const int MaxLength = 32;
        var length = Math.Min(field.Length, MaxLength);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            var c = field[i];
            chars[i] = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-' or '.' ? c : '?';
        }

        return field.Length > MaxLength ? new string(chars) + "…" : new string(chars);
    }
}
