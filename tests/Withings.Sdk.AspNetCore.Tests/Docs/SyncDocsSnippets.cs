using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk.AspNetCore.Tests.Docs;

// docs/sync.md's examples, verbatim, so that the build proves they compile; Withings.Sdk.Tests' DocsPagesTests checks
// they are still here, line for line. SyncCompletenessTests runs the upsert-and-prune recipe on the engine's results.
internal static class SyncDocsSnippets
{
    public static void Registration(WebApplicationBuilder builder)
    {
        builder.Services.AddWithingsNotifications()
            .AddReceiver() // the secret from configuration: Withings:Receiver:CallbackSecret
            .AddSync<SaveMeasures>()                       // IWithingsDataHandler, one scope per user and batch
            .AddProfileActionHandler<ForgetUser>()         // optional: appli 46 (unlink, delete, update)
            .AddListener<BatchLog>()                       // optional: told after each batch
            .UseUserContextStore<MyUserContextStore>();    // optional: cursors that survive restarts
    }

    public static async Task<FetchResult> ReadToTheEnd(IWithingsDataClient client, FetchRequest request)
    {
        var result = await client.ExecuteAsync(request);
        while (result.NextOffset is not null)
        {
            result = await client.ContinueAsync(result);
        }

        return result;
    }

#pragma warning disable CA1812 // stand-ins for the user's own classes, instantiated by DI in the snippet
    private sealed class SaveMeasures : IWithingsDataHandler
    {
        public Task HandleAsync(WithingsUserData data, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class ForgetUser : IWithingsProfileActionHandler
    {
        public Task HandleAsync(UserProfileNotification notification, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class BatchLog : IWithingsSyncListener
    {
        public Task OnBatchSyncedAsync(WithingsSyncBatch batch, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class MyUserContextStore : IWithingsUserContextStore
    {
        private readonly InMemoryUserContextStore _inner = new();

        public ValueTask<WithingsUserContext> GetAsync(long userId, CancellationToken cancellationToken) => _inner.GetAsync(userId, cancellationToken);

        public ValueTask SaveTimeZoneAsync(long userId, string timeZone, CancellationToken cancellationToken) => _inner.SaveTimeZoneAsync(userId, timeZone, cancellationToken);

        public ValueTask AdvanceCursorAsync(long userId, NotificationCategory category, DateTimeOffset syncedUpTo, CancellationToken cancellationToken) =>
            _inner.AdvanceCursorAsync(userId, category, syncedUpTo, cancellationToken);

        public ValueTask ForgetAsync(long userId, CancellationToken cancellationToken) => _inner.ForgetAsync(userId, cancellationToken);
    }
#pragma warning restore CA1812
}

// SaveMeasureGroups.cs
/// <summary>
/// Keeps each user's measure groups: adds and updates every group Withings sent, and removes the ones a complete
/// result of a window no longer has, which the user deleted at Withings.
/// </summary>
public sealed class SaveMeasureGroups(MeasureGroupStore store) : IWithingsDataHandler
{
    public Task HandleAsync(WithingsUserData data, CancellationToken cancellationToken)
    {
        if (data.UserId is not long userId)
        {
            return Task.CompletedTask;
        }

        foreach (var result in data.Results.Where(r => r.Request.Action == "getmeas"))
        {
            var groups = result.GetRecords<MeasureGroup>();
            store.Upsert(userId, groups);

            // Only a complete result of a window holds all Withings has there, and without a meastypes filter every
            // kind of group: a group kept in that window that the result lacks was deleted. A lastupdate result
            // (ChangedSince) lists what changed, never what went: it only upserts.
            if (result.IsComplete && result.Window is { Kind: FetchWindowKind.Instants, Start: { } start } window
                && result.Request.GetField("meastypes") is null)
            {
                store.Prune(userId, start, window.End ?? DateTimeOffset.MaxValue, groups.Select(g => g.GroupId).ToHashSet());
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>A stand-in for your table of measure groups, keyed by user and Withings' group id.</summary>
public sealed class MeasureGroupStore
{
    private readonly Dictionary<(long UserId, long GroupId), MeasureGroup> _groups = [];

    public void Upsert(long userId, IEnumerable<MeasureGroup> groups)
    {
        lock (_groups)
        {
            foreach (var group in groups)
            {
                _groups[(userId, group.GroupId)] = group;
            }
        }
    }

    public void Prune(long userId, DateTimeOffset start, DateTimeOffset end, IReadOnlySet<long> keep)
    {
        lock (_groups)
        {
            var deleted = _groups
                .Where(g => g.Key.UserId == userId && g.Value.Date >= start && g.Value.Date <= end && !keep.Contains(g.Key.GroupId))
                .Select(g => g.Key)
                .ToList();
            deleted.ForEach(key => _groups.Remove(key));
        }
    }

    public IReadOnlyList<MeasureGroup> GroupsOf(long userId)
    {
        lock (_groups)
        {
            return [.. _groups.Where(g => g.Key.UserId == userId).Select(g => g.Value).OrderBy(g => g.Date)];
        }
    }
}
