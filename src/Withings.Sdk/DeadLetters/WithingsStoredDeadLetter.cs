namespace Withings.Sdk;

/// <summary>A dead letter as kept by the durable store.</summary>
/// <param name="Id">Its number in the store, never reused.</param>
/// <param name="Reason">Why it was dead-lettered.</param>
/// <param name="Body">The form body (as received when it did not parse).</param>
/// <param name="Error">The parse error or the last exception's message.</param>
/// <param name="Attempts">How many times the handler was called.</param>
/// <param name="ReceivedAt">When the endpoint received the notification.</param>
/// <param name="DeadLetteredAt">When it was dead-lettered.</param>
public sealed record WithingsStoredDeadLetter(
    long Id,
    WithingsDeadLetterReason Reason,
    string Body,
    string Error,
    int Attempts,
    DateTimeOffset ReceivedAt,
    DateTimeOffset DeadLetteredAt);
