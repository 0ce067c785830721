using System.Net;

namespace Withings.Sdk;

/// <summary>Why one request failed; the transport decides from it whether to retry, then builds the exception.</summary>
internal sealed record AttemptFailure
{
    /// <summary>The Withings status, when a Withings envelope was read.</summary>
    public int? Status { get; init; }

    /// <summary>The envelope's <c>error</c> text, when there was one.</summary>
    public string? WithingsError { get; init; }

    /// <summary>The HTTP status, when a response was received.</summary>
    public HttpStatusCode? HttpStatus { get; init; }

    /// <summary>A short name of the failure for logs: <c>status</c>, <c>http</c>, <c>timeout</c>, <c>network</c>, <c>not-json</c>, …</summary>
    public required string Kind { get; init; }

    /// <summary>What happened, for transport failures (a status failure is described from the status).</summary>
    public string? Description { get; init; }

    /// <summary>What the caller should do, for transport failures.</summary>
    public string? Advice { get; init; }

    /// <summary>Whether sending the same request again may succeed.</summary>
    public bool IsTransient { get; init; }

    /// <summary>The bearer token the failed request carried, to keep out of messages.</summary>
    public string? Bearer { get; init; }

    /// <summary>The exception that caused the failure, if any.</summary>
    public Exception? Cause { get; init; }

    public static AttemptFailure ForStatus(int status, string? withingsError) => new()
    {
        Kind = "status",
        Status = status,
        WithingsError = withingsError,
        HttpStatus = HttpStatusCode.OK,
        IsTransient = WithingsStatus.IsTransient(status),
    };
}
