using System.Collections.Immutable;

namespace Withings.Sdk;

/// <summary>
/// What the sync engine knows of one Withings user: the time zone (null until a Withings answer carried one) and, per
/// notification category, a cursor on Withings' clock: the latest change Withings returned in the last complete fetch
/// the data handler accepted.
/// </summary>
public sealed record WithingsUserContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="userId">The Withings user id.</param>
    public WithingsUserContext(long userId) => UserId = userId;

    /// <summary>The Withings user id.</summary>
    public long UserId { get; }

    /// <summary>The user's IANA time zone (for example <c>Europe/Paris</c>); <see langword="null"/> until known.</summary>
    public string? TimeZone { get; init; }

    /// <summary>
    /// Per category, the instant up to which Withings' data was fetched and accepted by the data handler, on Withings'
    /// clock (<see cref="FetchResult.DataUpdatedAt"/>): the next <c>lastupdate</c> of the category.
    /// </summary>
    public ImmutableDictionary<NotificationCategory, DateTimeOffset> Cursors { get; init; } = ImmutableDictionary<NotificationCategory, DateTimeOffset>.Empty;

    /// <summary>The cursor of a category, <see langword="null"/> when nothing was synced for it yet.</summary>
    /// <param name="category">The category.</param>
    /// <returns>The cursor.</returns>
    public DateTimeOffset? GetCursor(NotificationCategory category) => Cursors.TryGetValue(category, out var cursor) ? cursor : null;
}
