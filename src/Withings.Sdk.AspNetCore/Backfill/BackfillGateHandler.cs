namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The outermost handler of the backfill's HTTP client: every request it sends (each page, each retry, each signal
/// follow-up, each nonce of a signed request) waits at the <see cref="BackfillGate"/> before it enters the SDK's
/// pipeline, where it takes its rate-limit permit. The gate's wait is not timed; the request itself is, as the SDK's
/// own client times it (100 seconds), so that a long wait for spare budget is never a timeout.
/// </summary>
internal sealed class BackfillGateHandler(BackfillGate gate, TimeProvider timeProvider) : DelegatingHandler
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(100);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await gate.WaitForSpareBudgetAsync(cancellationToken).ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(RequestTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);

        // Past the gate, the permit is taken in the limiter's lowest class: a live request arriving meanwhile goes first.
        using var priority = WithingsPriorityScope.Enter(WithingsRequestPriority.Backfill);

        // A cancellation the caller did not ask for is the SDK's timeout: transient, sent again by its retries.
        return await base.SendAsync(request, linked.Token).ConfigureAwait(false);
    }
}
