namespace Withings.Sdk.AspNetCore;

/// <summary>A planned request of a user's part, the category it serves, and what it fetched so far.</summary>
internal sealed class PartRequest(NotificationCategory category, FetchRequest request)
{
    public NotificationCategory Category { get; } = category;

    public FetchRequest Request { get; } = request;

    /// <summary>
    /// <see langword="null"/> until sent; then the result, which stays <see cref="FetchResult.IsComplete"/> false while
    /// pages are left (read on in later turns), or carries the error that stopped it.
    /// </summary>
    public FetchResult? Result { get; set; }
}
