namespace Withings.Sdk.AspNetCore;

/// <summary>One user's share of a batch: the queue items, and the planned requests with the category each serves.</summary>
internal sealed class UserPart(long? userId)
{
    public long? UserId { get; } = userId;

    public List<ReceivedNotification> Items { get; } = [];

    public List<(NotificationCategory Category, FetchRequest Request)> Requests { get; } = [];
}
