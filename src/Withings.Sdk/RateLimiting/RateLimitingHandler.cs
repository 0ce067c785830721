using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Withings.Sdk;

/// <summary>
/// Makes every HTTP request of the SDK's clients wait for a permit of the shared rate limit, unless
/// the transport already took it. The transport takes it when it knows the limiter, before the timed part of the
/// attempt: a wait in here runs inside <see cref="HttpClient"/>, so it counts against <see cref="HttpClient.Timeout"/>.
/// It sits below the retries, so a retried attempt takes a permit too: Withings counts every request.
/// </summary>
internal sealed class RateLimitingHandler(IWithingsRateLimitControl limiter, TimeProvider timeProvider, ILogger? logger = null) : DelegatingHandler
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (RatePermit.IsTaken(request))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var lease = await RatePermit.AcquireAsync(limiter, timeProvider, _logger, request.RequestUri?.AbsolutePath ?? string.Empty, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
