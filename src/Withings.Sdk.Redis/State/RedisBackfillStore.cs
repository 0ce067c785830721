using System.Globalization;
using System.Web;
using StackExchange.Redis;

namespace Withings.Sdk.Redis;

/// <summary>
/// Backfill jobs in Redis, shared by every instance: one hash per user (<c>since</c>, <c>until</c> as UTC ticks,
/// <c>next</c>, <c>failed</c>, <c>total</c>, and <c>requests</c>, one <c>PATH?FORM</c> line per request), and a set of
/// the users whose job has requests left, so that a restart finds them without scanning keys. Registered by
/// <c>UseRedis</c> as the default backfill store.
/// </summary>
internal sealed class RedisBackfillStore(RedisConnection connection) : IWithingsBackfillStore
{
    // Progress is recorded only on the same job (same until) still at the expected request: never back, never a skip,
    // whichever instance writes.
    private static readonly LuaScript Advance = LuaScript.Prepare("""
        local stored = redis.call('HMGET', @key, 'until', 'next', 'total')
        if stored[1] ~= @until or stored[2] ~= @expected then return 0 end
        redis.call('HSET', @key, 'next', @next, 'failed', @failed)
        if tonumber(@next) >= tonumber(stored[3]) then redis.call('SREM', @set, @user) end
        return 1
        """);

    public async ValueTask<WithingsBackfillJob?> GetAsync(long userId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var database = await connection.DatabaseAsync().ConfigureAwait(false);
        var fields = await database.HashGetAllAsync(Key(userId)).ConfigureAwait(false);
        return Read(userId, fields);
    }

    public async ValueTask<IReadOnlyList<WithingsBackfillJob>> ListUnfinishedAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var database = await connection.DatabaseAsync().ConfigureAwait(false);
        var jobs = new List<WithingsBackfillJob>();
        foreach (var member in await database.SetMembersAsync(connection.Keys.Backfills).ConfigureAwait(false))
        {
            var userId = long.Parse((string)member!, NumberStyles.Integer, CultureInfo.InvariantCulture);
            if (Read(userId, await database.HashGetAllAsync(Key(userId)).ConfigureAwait(false)) is { } job && job.Next < job.Requests.Count)
            {
                jobs.Add(job);
            }
        }

        return jobs;
    }

    public async ValueTask SaveAsync(WithingsBackfillJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        cancellationToken.ThrowIfCancellationRequested();
        var database = await connection.DatabaseAsync().ConfigureAwait(false);
        var transaction = database.CreateTransaction();
        var key = Key(job.UserId);
        var user = Text(job.UserId);
        _ = transaction.KeyDeleteAsync(key);
        _ = transaction.HashSetAsync(key,
        [
            new HashEntry("since", Text(job.Since.UtcTicks)),
            new HashEntry("until", Text(job.Until.UtcTicks)),
            new HashEntry("next", Text(job.Next)),
            new HashEntry("failed", Text(job.Failed)),
            new HashEntry("total", Text(job.Requests.Count)),
            new HashEntry("requests", string.Join('\n', job.Requests.Select(r => (r.RequiresSignature ? "!" : string.Empty) + r.Path + "?" + r.ToFormString()))),
        ]);
        _ = job.Next < job.Requests.Count
            ? transaction.SetAddAsync(connection.Keys.Backfills, user)
            : transaction.SetRemoveAsync(connection.Keys.Backfills, user);
        await transaction.ExecuteAsync().ConfigureAwait(false);
    }

    public async ValueTask<bool> AdvanceAsync(WithingsBackfillJob job, int expectedNext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        cancellationToken.ThrowIfCancellationRequested();
        var database = await connection.DatabaseAsync().ConfigureAwait(false);
        var changed = await database.ScriptEvaluateAsync(Advance, new
        {
            key = (RedisKey)Key(job.UserId),
            set = (RedisKey)connection.Keys.Backfills,
            user = Text(job.UserId),
            until = Text(job.Until.UtcTicks),
            expected = Text(expectedNext),
            next = Text(job.Next),
            failed = Text(job.Failed),
        }).ConfigureAwait(false);
        return (long)changed == 1;
    }

    private static WithingsBackfillJob? Read(long userId, HashEntry[] fields)
    {
        if (fields.Length == 0)
        {
            return null;
        }

        var values = fields.ToDictionary(f => (string)f.Name!, f => (string)f.Value!, StringComparer.Ordinal);
        return new WithingsBackfillJob(userId, Instant(values["since"]), Instant(values["until"]), ReadRequests(userId, values["requests"]))
        {
            Next = int.Parse(values["next"], NumberStyles.Integer, CultureInfo.InvariantCulture),
            Failed = int.Parse(values["failed"], NumberStyles.Integer, CultureInfo.InvariantCulture),
        };
    }

    // The lines SaveAsync wrote: "PATH?FORM", "!" first for a signed request; the form's fields in order.
    private static List<FetchRequest> ReadRequests(long userId, string text)
    {
        var requests = new List<FetchRequest>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var signed = line.StartsWith('!');
            var request = signed ? line[1..] : line;
            var question = request.IndexOf('?', StringComparison.Ordinal);
            var form = HttpUtility.ParseQueryString(request[(question + 1)..]);
            requests.Add(new FetchRequest(userId, request[..question], [.. form.AllKeys.Select(k => new KeyValuePair<string, string>(k!, form[k]!))], signed));
        }

        return requests;
    }

    private static DateTimeOffset Instant(string utcTicks) => new(long.Parse(utcTicks, NumberStyles.Integer, CultureInfo.InvariantCulture), TimeSpan.Zero);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private string Key(long userId) => connection.Keys.BackfillPrefix + Text(userId);
}
