using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;

namespace Withings.Sdk;

/// <summary>
/// Takes the permit of the application-wide rate limit that every Withings request needs, in the class of
/// <see cref="WithingsPriorityScope.Current"/>, for the transport (before the timed part of an attempt) and for
/// <see cref="RateLimitingHandler"/> (for requests that did not get one from the transport).
/// </summary>
internal static class RatePermit
{
    private const string TakenKeyName = "Withings.Sdk.RatePermitTaken";
#if NET5_0_OR_GREATER
    private static readonly HttpRequestOptionsKey<bool> TakenKey = new(TakenKeyName);
#endif

    /// <summary>
    /// Waits for a permit, however long the queue: a refused lease that says when to come back (a limiter with a
    /// bounded queue) is asked again then, so queued work does not fail for being queued.
    /// </summary>
    /// <returns>The lease, to dispose once the request is done (a concurrency limiter counts until then).</returns>
    /// <exception cref="WithingsApiException">The limiter refused without saying when to come back (it was disposed).</exception>
    public static async Task<RateLimitLease> AcquireAsync(IWithingsRateLimitControl limiter, TimeProvider timeProvider, ILogger logger, string what, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        while (true)
        {
            var lease = await limiter.AcquireAsync(WithingsPriorityScope.Current, cancellationToken).ConfigureAwait(false);
            if (lease.IsAcquired)
            {
                var waited = timeProvider.GetElapsedTime(started);
                if (waited > TimeSpan.Zero)
                {
                    RateLimitLog.Waited(logger, what, waited);
                }

                return lease;
            }

            lease.Dispose();
            if (!lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) || retryAfter <= TimeSpan.Zero)
            {
                throw new WithingsApiException(
                    "The application rate limiter refused the request without saying when to come back (it was disposed, or its queue is full). Send fewer requests at once, or give the limiter a longer queue.",
                    "rate-limit",
                    isTransient: true,
                    innerException: null);
            }

#if NET8_0_OR_GREATER
            await Task.Delay(retryAfter, timeProvider, cancellationToken).ConfigureAwait(false);
#else
            await timeProvider.Delay(retryAfter, cancellationToken).ConfigureAwait(false);
#endif
        }
    }

    /// <summary>Marks a request whose permit the transport already took, so that the handler does not take a second one.</summary>
    public static void MarkTaken(HttpRequestMessage request)
    {
#if NET5_0_OR_GREATER
        request.Options.Set(TakenKey, true);
#else
        request.Properties[TakenKeyName] = true;
#endif
    }

    /// <summary>Whether the transport already took the request's permit.</summary>
    public static bool IsTaken(HttpRequestMessage request)
    {
#if NET5_0_OR_GREATER
        return request.Options.TryGetValue(TakenKey, out var taken) && taken;
#else
        return request.Properties.TryGetValue(TakenKeyName, out var taken) && taken is true;
#endif
    }
}
