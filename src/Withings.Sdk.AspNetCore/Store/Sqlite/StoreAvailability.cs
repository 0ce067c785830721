namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The store's <see cref="StoreCondition"/>, shared with the endpoint so that it can tell a refusal for a store that
/// cannot write from one for a full queue without resolving the store itself (which would create its file even with
/// the in-memory queue). Set by the store's writer only.
/// </summary>
internal sealed class StoreAvailability
{
    private int _condition;

    public StoreCondition Condition => (StoreCondition)Volatile.Read(ref _condition);

    /// <summary>Records <paramref name="condition"/>; returns the one it replaces.</summary>
    public StoreCondition Set(StoreCondition condition) => (StoreCondition)Interlocked.Exchange(ref _condition, (int)condition);
}
