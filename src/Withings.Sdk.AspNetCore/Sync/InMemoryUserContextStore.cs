using System.Collections.Immutable;
using System.Collections.Concurrent;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// An <see cref="IWithingsUserContextStore"/> in a dictionary, lost when the process ends: what <c>UseInMemoryState()</c>
/// and <c>UseInMemoryQueue()</c> keep cursors and time zones in.
/// </summary>
public sealed class InMemoryUserContextStore : IWithingsUserContextStore
{
    private readonly ConcurrentDictionary<long, WithingsUserContext> _contexts = new();

    /// <inheritdoc/>
    public ValueTask<WithingsUserContext> GetAsync(long userId, CancellationToken cancellationToken) =>
        new(_contexts.TryGetValue(userId, out var context) ? context : new WithingsUserContext(userId));

    /// <inheritdoc/>
    public ValueTask SaveTimeZoneAsync(long userId, string timeZone, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(timeZone);
        _contexts.AddOrUpdate(userId, static (id, zone) => new WithingsUserContext(id) { TimeZone = zone }, static (_, context, zone) => context with { TimeZone = zone }, timeZone);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask AdvanceCursorAsync(long userId, NotificationCategory category, DateTimeOffset syncedUpTo, CancellationToken cancellationToken)
    {
        _contexts.AddOrUpdate(
            userId,
            static (id, change) => new WithingsUserContext(id) { Cursors = ImmutableDictionary<NotificationCategory, DateTimeOffset>.Empty.Add(change.Category, change.At) },
            static (_, context, change) => context.GetCursor(change.Category) >= change.At
                ? context
                : context with { Cursors = context.Cursors.SetItem(change.Category, change.At) },
            (Category: category, At: syncedUpTo));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask ForgetAsync(long userId, CancellationToken cancellationToken)
    {
        _contexts.TryRemove(userId, out _);
        return ValueTask.CompletedTask;
    }
}
