namespace Withings.Sdk;

/// <summary>Sits right after the rate limiter: the moment a request reaches it, its permit was granted.</summary>
internal sealed class PermitAcquiredHandler(TimeProvider timeProvider) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (PermitStamp.Current is { } stamp)
        {
            stamp.AcquiredAt = timeProvider.GetTimestamp();
        }

        return base.SendAsync(request, cancellationToken);
    }
}
