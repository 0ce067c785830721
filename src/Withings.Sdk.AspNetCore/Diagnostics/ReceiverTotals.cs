namespace Withings.Sdk.AspNetCore;

/// <summary>The receiver's counters since this process started, as <see cref="ReceiverMetrics"/> counts them.</summary>
internal sealed record ReceiverTotals(long Received, long Acknowledged, long Duplicates, long Rejected, long Handled, long DeadLettered, long Unauthorized);
