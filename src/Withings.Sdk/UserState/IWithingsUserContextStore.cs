namespace Withings.Sdk;

/// <summary>
/// Where the sync engine keeps each user's <see cref="WithingsUserContext"/>: the time zone and a cursor per category.
/// The default keeps them where the receiver keeps its queue, so that they survive restarts: tables of the store file,
/// or Redis with <c>UseRedis</c>; in memory only with <c>UseInMemoryState()</c> or <c>UseInMemoryQueue()</c>. Register
/// your own (a table next to your users) with <c>UseUserContextStore&lt;TStore&gt;()</c> on the sync builder (Withings.Sdk.AspNetCore).
/// </summary>
/// <remarks>
/// The contract: <see cref="GetAsync"/> of a user never seen returns a context with no time zone and no cursor; the
/// engine calls <see cref="SaveTimeZoneAsync"/> when an answer from Withings carries the user's zone, and
/// <see cref="AdvanceCursorAsync"/> only after the data handler accepted that category's data, every page of it, with
/// Withings' clock for that data (never this host's), so a crash fetches again rather than skips. A cursor never moves back: a store keeps the later of the stored and the given instant.
/// <see cref="ForgetAsync"/> removes everything about the user (after a profile <c>unlink</c> or <c>delete</c>).
/// Methods may be called concurrently, for different users.
/// </remarks>
public interface IWithingsUserContextStore
{
    /// <summary>Reads a user's context.</summary>
    /// <param name="userId">The Withings user id.</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    /// <returns>The context; an empty one (no zone, no cursor) for a user never seen.</returns>
    ValueTask<WithingsUserContext> GetAsync(long userId, CancellationToken cancellationToken);

    /// <summary>Records the user's IANA time zone as Withings sent it.</summary>
    /// <param name="userId">The Withings user id.</param>
    /// <param name="timeZone">The zone, for example <c>Europe/Paris</c>.</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    /// <returns>A task that completes when it is stored.</returns>
    ValueTask SaveTimeZoneAsync(long userId, string timeZone, CancellationToken cancellationToken);

    /// <summary>Moves a category's cursor forward to <paramref name="syncedUpTo"/>; never back.</summary>
    /// <param name="userId">The Withings user id.</param>
    /// <param name="category">The notification category.</param>
    /// <param name="syncedUpTo">The instant, on Withings' clock, up to which the data was fetched and handled.</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    /// <returns>A task that completes when it is stored.</returns>
    ValueTask AdvanceCursorAsync(long userId, NotificationCategory category, DateTimeOffset syncedUpTo, CancellationToken cancellationToken);

    /// <summary>Removes the user's zone and cursors.</summary>
    /// <param name="userId">The Withings user id.</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    /// <returns>A task that completes when they are gone.</returns>
    ValueTask ForgetAsync(long userId, CancellationToken cancellationToken);
}
