namespace Withings.Sdk;

/// <summary>Why a notification body could not be parsed: the field at fault and the problem, in words.</summary>
/// <param name="Field">The field at fault (for example <c>startdate</c>), or <c>body</c> for the body as a whole.</param>
/// <param name="Kind">The kind of problem.</param>
/// <param name="Message">A sentence naming the field and the problem, for example
/// <c>startdate: 'yesterday' is not a unix timestamp</c>.</param>
public sealed record NotificationParseError(string Field, NotificationParseErrorKind Kind, string Message)
{
    /// <summary>The message.</summary>
    /// <returns><see cref="Message"/>.</returns>
    public override string ToString() => Message;
}
