namespace Withings.Sdk.AspNetCore;

/// <summary>A notification that was acknowledged to Withings but could not be handled.</summary>
/// <param name="Reason">Why.</param>
/// <param name="Body">The form body (as received when it did not parse).</param>
/// <param name="Error">What went wrong, in words: for a body that did not parse, the field and the problem without the
/// value (<see cref="NotificationParseError.Description"/>, since values may be personal data); otherwise the last
/// exception's message.</param>
/// <param name="Notification">The notification, when the body parsed.</param>
/// <param name="Exception">The last exception, when there was one.</param>
/// <param name="Attempts">How many times the handler was called.</param>
/// <param name="ReceivedAt">When the endpoint received it.</param>
public sealed record WithingsDeadLetter(
    WithingsDeadLetterReason Reason,
    string Body,
    string Error,
    WithingsNotification? Notification,
    Exception? Exception,
    int Attempts,
    DateTimeOffset ReceivedAt);
