namespace Withings.Sdk;

/// <summary>
/// An exception that says itself whether the operation that failed may succeed when tried again, for
/// <see cref="WithingsErrors.IsTransient"/>: <see cref="WithingsApiException"/> does, and so can the exceptions of
/// other packages and of your own stores (a Redis outage is transient, a corrupt record is not).
/// </summary>
public interface IWithingsTransientError
{
    /// <summary>Whether the same operation may succeed later.</summary>
    bool IsTransient { get; }
}
