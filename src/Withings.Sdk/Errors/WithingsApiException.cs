using System.Net;

namespace Withings.Sdk;

/// <summary>
/// A Withings API call failed: either Withings answered with a non-zero envelope <c>status</c> (usually with HTTP
/// 200), or no Withings answer was read at all (network error, timeout, HTTP error, a response that is not JSON).
/// The message says what happened and what to do; it never contains the access token.
/// </summary>
public sealed class WithingsApiException : Exception, IWithingsTransientError
{
    /// <summary>Creates an exception for a failure that carries no Withings status.</summary>
    public WithingsApiException()
        : this("The Withings API call failed.")
    {
    }

    /// <summary>Creates an exception for a failure that carries no Withings status.</summary>
    /// <param name="message">What happened and what to do.</param>
    public WithingsApiException(string message)
        : this(message, (Exception?)null)
    {
    }

    /// <summary>Creates an exception for a failure that carries no Withings status.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public WithingsApiException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Family = WithingsStatusFamily.Transport;
    }

    /// <summary>
    /// Creates an exception for a Withings status; the family, transience and meaning follow from
    /// <see cref="WithingsStatus"/>. Useful to simulate Withings failures in tests of your own code.
    /// </summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="status">The envelope's <c>status</c>.</param>
    /// <param name="operation">The call that failed, for example <c>notify/subscribe</c>.</param>
    public WithingsApiException(string message, int status, string? operation = null)
        : base(message)
    {
        Status = status;
        Family = WithingsStatus.GetFamily(status);
        IsTransient = WithingsStatus.IsTransient(status);
        Meaning = WithingsStatus.GetMeaning(status);
        Operation = operation;
    }

    // A failure without a Withings status, built by the transport that knows whether it is worth retrying.
    internal WithingsApiException(string message, string operation, bool isTransient, Exception? innerException)
        : base(message, innerException)
    {
        Family = WithingsStatusFamily.Transport;
        Operation = operation;
        IsTransient = isTransient;
    }

    /// <summary>
    /// The Withings envelope <c>status</c>, or <see langword="null"/> when the failure was not a Withings status
    /// (HTTP error, timeout, malformed JSON, network).
    /// </summary>
    public int? Status { get; }

    /// <summary>The status family; <see cref="WithingsStatusFamily.Transport"/> when there is no status.</summary>
    public WithingsStatusFamily Family { get; }

    /// <summary>Whether the same call may succeed later (the SDK already tried it up to <c>Retry.MaxAttempts</c> times).</summary>
    public bool IsTransient { get; }

    /// <summary>The human meaning known for <see cref="Status"/>, such as "no such subscription" for 286.</summary>
    public string? Meaning { get; }

    /// <summary>The call that failed, for example <c>notify/subscribe</c>.</summary>
    public string? Operation { get; }

    /// <summary>The HTTP status of the response, when one was received.</summary>
    public HttpStatusCode? HttpStatus { get; init; }

    /// <summary>The <c>error</c> text of the Withings envelope, when Withings sent one.</summary>
    public string? WithingsError { get; init; }

    /// <summary>How many requests were sent before giving up (1 when the failure was not retried).</summary>
    public int Attempts { get; init; } = 1;
}
