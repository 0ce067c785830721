namespace Withings.Sdk.AspNetCore;

/// <summary>
/// A change that was not committed because the store cannot write now (<see cref="StoreCondition"/>): the store has
/// logged the condition once, so its callers refuse or defer without logging each failure again.
/// </summary>
internal sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
        : this("The Withings receiver store cannot write.")
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
