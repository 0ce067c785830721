using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Withings.Sdk;

/// <summary>
/// Makes every HTTP request of the SDK's clients wait for a permit of the shared <see cref="RateLimiter"/>. It sits
/// below the retries, so a retried attempt takes a permit too: Withings counts every request.
/// </summary>
internal sealed class RateLimitingHandler(RateLimiter limiter, TimeProvider timeProvider, ILogger? logger = null) : DelegatingHandler
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        using var lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            throw new WithingsApiException(
                "The application rate limiter refused the request (its queue is full, or it was disposed). Send fewer requests at once, or give the limiter a longer queue.",
                "rate-limit",
                isTransient: true,
                innerException: null);
        }

        var waited = timeProvider.GetElapsedTime(started);
        if (waited > TimeSpan.Zero)
        {
            RateLimitLog.Waited(_logger, request.RequestUri?.AbsolutePath ?? string.Empty, waited);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
