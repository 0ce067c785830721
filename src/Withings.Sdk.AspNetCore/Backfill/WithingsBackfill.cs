using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// <see cref="IWithingsBackfill"/>: plans the user's backfill with the zone the sync engine knows for them (unknown,
/// the days are widened to every zone's, as for live data), stores it, and hands it to the <see cref="BackfillRunner"/>.
/// </summary>
internal sealed class WithingsBackfill(
    IWithingsBackfillStore store,
    IWithingsUserContextStore contexts,
    BackfillPlanner planner,
    BackfillRunner runner,
    IOptionsMonitor<WithingsBackfillOptions> options,
    TimeProvider timeProvider,
    ILogger<WithingsBackfill> logger) : IWithingsBackfill
{
    public async Task<WithingsBackfillProgress> BackfillAsync(long userId, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        if (since >= now)
        {
            throw new ArgumentOutOfRangeException(nameof(since), since, "A backfill fetches what happened before now: since must be in the past.");
        }

        if (await store.GetAsync(userId, cancellationToken).ConfigureAwait(false) is { } running && running.Next < running.Requests.Count)
        {
            return running.ToProgress();
        }

        var settings = options.CurrentValue;
        IEnumerable<NotificationCategory> categories = settings.Categories is { Count: > 0 } configured ? configured : WithingsBackfillOptions.DefaultCategories;
        var context = await contexts.GetAsync(userId, cancellationToken).ConfigureAwait(false);
        var requests = planner.Plan(userId, since, now, Zone(context.TimeZone), categories, settings.Intraday);
        var job = new WithingsBackfillJob(userId, since, now, requests);
        await store.SaveAsync(job, cancellationToken).ConfigureAwait(false);
        BackfillLog.Planned(logger, userId, requests.Count);
        runner.Add(job);
        return job.ToProgress();
    }

    public async Task<WithingsBackfillProgress?> GetProgressAsync(long userId, CancellationToken cancellationToken = default) =>
        (await store.GetAsync(userId, cancellationToken).ConfigureAwait(false))?.ToProgress();

    // A zone this system does not know is planned as an unknown one: the day ranges are widened, nothing is missed.
    private static TimeZoneInfo? Zone(string? name)
    {
        if (name is null)
        {
            return null;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }
}
