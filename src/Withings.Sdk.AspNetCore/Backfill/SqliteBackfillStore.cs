namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The default <see cref="IWithingsBackfillStore"/> with the receiver's durable store: one row per user in the table
/// <c>withings_backfills</c> of the store file, written by the store's writer, so that a backfill survives a restart
/// and a kill. Instants are kept as UTC ticks, exact.
/// </summary>
internal sealed class SqliteBackfillStore(ReceiverStore store) : IWithingsBackfillStore
{
    private const string Columns = "user_id, since, until, next, failed, requests";
    private const string SelectSql = "SELECT " + Columns + " FROM withings_backfills WHERE user_id = $user";
    private const string SelectUnfinishedSql = "SELECT " + Columns + " FROM withings_backfills WHERE next < total";
    private const string UpsertSql = "INSERT INTO withings_backfills (" + Columns + ", total) VALUES ($user, $since, $until, $next, $failed, $requests, $total) "
        + "ON CONFLICT (user_id) DO UPDATE SET since = excluded.since, until = excluded.until, next = excluded.next, failed = excluded.failed, requests = excluded.requests, total = excluded.total";

    // The job is the same one and no other progress was recorded in between: progress never moves back or skips.
    private const string AdvanceSql = "UPDATE withings_backfills SET next = $next, failed = $failed WHERE user_id = $user AND until = $until AND next = $expected";

    public async ValueTask<WithingsBackfillJob?> GetAsync(long userId, CancellationToken cancellationToken) =>
        (await ReadAsync(SelectSql, userId, cancellationToken).ConfigureAwait(false)).SingleOrDefault();

    public async ValueTask<IReadOnlyList<WithingsBackfillJob>> ListUnfinishedAsync(CancellationToken cancellationToken) =>
        await ReadAsync(SelectUnfinishedSql, null, cancellationToken).ConfigureAwait(false);

    public async ValueTask SaveAsync(WithingsBackfillJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        cancellationToken.ThrowIfCancellationRequested();
        var requests = BackfillRequestText.Write(job.Requests);
        await store.RunAsync(session =>
        {
            var command = session.Command(UpsertSql);
            command.Parameters.AddWithValue("$user", job.UserId);
            command.Parameters.AddWithValue("$since", job.Since.UtcTicks);
            command.Parameters.AddWithValue("$until", job.Until.UtcTicks);
            command.Parameters.AddWithValue("$next", job.Next);
            command.Parameters.AddWithValue("$failed", job.Failed);
            command.Parameters.AddWithValue("$requests", requests);
            command.Parameters.AddWithValue("$total", job.Requests.Count);
            return command.ExecuteNonQuery();
        }).ConfigureAwait(false);
    }

    public async ValueTask<bool> AdvanceAsync(WithingsBackfillJob job, int expectedNext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        cancellationToken.ThrowIfCancellationRequested();
        var changed = await store.RunAsync(session =>
        {
            var command = session.Command(AdvanceSql);
            command.Parameters.AddWithValue("$user", job.UserId);
            command.Parameters.AddWithValue("$until", job.Until.UtcTicks);
            command.Parameters.AddWithValue("$expected", expectedNext);
            command.Parameters.AddWithValue("$next", job.Next);
            command.Parameters.AddWithValue("$failed", job.Failed);
            return command.ExecuteNonQuery();
        }).ConfigureAwait(false);
        return changed == 1;
    }

    private async Task<List<WithingsBackfillJob>> ReadAsync(string sql, long? userId, CancellationToken cancellationToken) =>
        await store.RunAsync(session =>
        {
            var command = session.Command(sql);
            if (userId is { } user)
            {
                command.Parameters.AddWithValue("$user", user);
            }

            var jobs = new List<WithingsBackfillJob>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var id = reader.GetInt64(0);
                jobs.Add(new WithingsBackfillJob(id, Instant(reader.GetInt64(1)), Instant(reader.GetInt64(2)), BackfillRequestText.Read(id, reader.GetString(5)))
                {
                    Next = reader.GetInt32(3),
                    Failed = reader.GetInt32(4),
                });
            }

            return jobs;
        }).WaitAsync(cancellationToken).ConfigureAwait(false);

    private static DateTimeOffset Instant(long utcTicks) => new(utcTicks, TimeSpan.Zero);
}
