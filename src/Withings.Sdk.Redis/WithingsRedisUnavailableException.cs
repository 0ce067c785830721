namespace Withings.Sdk.Redis;

/// <summary>
/// Redis could not be reached (or did not answer) for longer than <see cref="WithingsRedisOptions.OutageWait"/>
/// while sending a Withings request: the shared rate limit or the refresh lock could not be taken. Transient (for
/// <see cref="WithingsErrors.IsTransient"/> too): try again once Redis is back.
/// </summary>
public sealed class WithingsRedisUnavailableException : Exception, IWithingsTransientError
{
    /// <summary>Creates the exception with a default message.</summary>
    public WithingsRedisUnavailableException()
        : this("Redis is unreachable.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What could not be done.</param>
    public WithingsRedisUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What could not be done.</param>
    /// <param name="innerException">The last Redis error.</param>
    public WithingsRedisUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Always <see langword="true"/>: Redis comes back.</summary>
    public bool IsTransient => true;
}
