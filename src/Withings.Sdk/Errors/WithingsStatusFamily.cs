namespace Withings.Sdk;

/// <summary>
/// The families Withings groups its envelope <c>status</c> codes into (Withings publishes families, not meanings),
/// plus <see cref="Transport"/> for failures that never produced a Withings status.
/// </summary>
public enum WithingsStatusFamily
{
    /// <summary>Status 0: the call succeeded.</summary>
    Success,

    /// <summary>Statuses 100–102, 200 and 401: the access token is invalid or expired; refresh it.</summary>
    AuthenticationFailed,

    /// <summary>The request's parameters were refused (for example 293, an unusable callback URL).</summary>
    InvalidParams,

    /// <summary>Statuses 214, 277, 2553 and 2555: the user or the application may not do this.</summary>
    Unauthorized,

    /// <summary>Status 2554: Withings does not implement the call.</summary>
    NotImplemented,

    /// <summary>Status 522: Withings timed out; transient.</summary>
    Timeout,

    /// <summary>Status 524: Withings reported a bad state; retried a few times at most.</summary>
    BadState,

    /// <summary>Status 601: the application exceeded its request rate (120 per minute); transient.</summary>
    TooManyRequests,

    /// <summary>Every other status: "an error occurred"; retried a few times at most.</summary>
    ErrorOccurred,

    /// <summary>
    /// No Withings status was read: a network error, a timeout, an HTTP error status, or a response that is not a
    /// Withings JSON envelope.
    /// </summary>
    Transport,
}
