using Withings.Sdk.AspNetCore;

namespace Withings.Sdk.Redis;

/// <summary>A dead letter as kept in the Redis dead-letter stream.</summary>
/// <param name="Id">Its number in the stream, never reused.</param>
/// <param name="Reason">Why it was dead-lettered.</param>
/// <param name="Body">The form body (as received when it did not parse).</param>
/// <param name="Error">The parse error or the last exception's message.</param>
/// <param name="Attempts">How many times the handler was called.</param>
/// <param name="ReceivedAt">When the endpoint received the notification.</param>
/// <param name="DeadLetteredAt">When it was dead-lettered.</param>
public sealed record WithingsRedisDeadLetter(
    long Id,
    WithingsDeadLetterReason Reason,
    string Body,
    string Error,
    int Attempts,
    DateTimeOffset ReceivedAt,
    DateTimeOffset DeadLetteredAt);
