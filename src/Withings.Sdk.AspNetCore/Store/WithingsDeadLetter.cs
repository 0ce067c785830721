namespace Withings.Sdk.AspNetCore;

/// <summary>A notification the consumers give up on, as they hand it to <see cref="DeadLetterWriter"/>.</summary>
/// <param name="Item">The notification, as the store handed it out.</param>
/// <param name="Reason">Why.</param>
/// <param name="Error">What went wrong, in words: for a body that did not parse, the field and the problem without the
/// value (<see cref="NotificationParseError.Description"/>, since values may be personal data); otherwise the last
/// exception's message.</param>
/// <param name="Exception">The last exception, when there was one: logged, not stored.</param>
/// <param name="Attempts">How many times the handler (or the fetch) was tried.</param>
internal sealed record WithingsDeadLetter(
    ReceivedNotification Item,
    WithingsDeadLetterReason Reason,
    string Error,
    Exception? Exception,
    int Attempts)
{
    public string Body => Item.Body;

    public WithingsNotification? Notification => Item.Notification;
}
