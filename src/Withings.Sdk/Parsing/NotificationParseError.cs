using System.Globalization;
using System.Text;

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
    /// <remarks>Only a documented field (<c>appli</c>, <c>userid</c>, <c>startdate</c>, …) or <c>body</c> is named. Any
    /// other field is a name the sender chose, which may itself be personal data (a name, an email): it shows as its
    /// length only, for example <c>undocumented field of 11 characters: sent twice with different values</c>.</remarks>
    public string Description => LoggableField(Field) + ": " + Problem(Kind);

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

    // Field names come from the body too (a conflicting duplicate names any key): only the names this parser knows
    // are constants of ours; the length of another says which field it was without what it says.
    private static string LoggableField(string field) =>
        field == "body" || KnownFieldValues.Identify(Encoding.UTF8.GetBytes(field)) != KnownField.None
            ? field
            : "undocumented field of " + field.Length.ToString(CultureInfo.InvariantCulture) + " characters";
}
