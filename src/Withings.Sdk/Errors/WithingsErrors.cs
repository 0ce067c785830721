namespace Withings.Sdk;

/// <summary>
/// The one place that decides whether a failure is worth trying again later; the SDK's retries (the sync engine's,
/// the linking endpoint's) ask it, and so can yours.
/// </summary>
public static class WithingsErrors
{
    /// <summary>
    /// Whether the operation that threw <paramref name="exception"/> may succeed when tried again: an exception that
    /// says so itself (<see cref="IWithingsTransientError"/>, such as <see cref="WithingsApiException"/> for the
    /// Withings statuses 522, 524, 601 and the "an error occurred" family, network errors and timeouts, or a Redis
    /// outage), an HTTP failure without a status or with 408, 429 or 5xx, and a timeout.
    /// </summary>
    /// <param name="exception">The failure.</param>
    /// <returns>
    /// <see langword="false"/> for everything else, a cancellation by the caller included: retrying cannot fix a
    /// refused parameter, a missing setting or a bug.
    /// </returns>
    public static bool IsTransient(Exception exception) => exception switch
    {
        null => throw new ArgumentNullException(nameof(exception)),
        IWithingsTransientError declared => declared.IsTransient,
#if NET5_0_OR_GREATER
        HttpRequestException http => http.StatusCode is not { } code || code is System.Net.HttpStatusCode.RequestTimeout or System.Net.HttpStatusCode.TooManyRequests || (int)code >= 500,
#else
        // No status on this framework: most often a network failure.
        HttpRequestException => true,
#endif
        TimeoutException => true,

        // HttpClient's own timeout: a cancellation the caller did not ask for, with the timeout inside.
        OperationCanceledException { InnerException: TimeoutException } => true,
        _ => false,
    };
}
