using System.Collections.Immutable;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The default <see cref="IWithingsUserContextStore"/> with the receiver's durable store: time zones and cursors in
/// tables of the store file, written by the store's writer, so that they survive a restart and a kill.
/// </summary>
internal sealed class SqliteUserContextStore(ReceiverStore store) : IWithingsUserContextStore
{
    private const string SelectZoneSql = "SELECT time_zone FROM withings_time_zones WHERE user_id = $user";
    private const string SelectCursorsSql = "SELECT category, synced_up_to FROM withings_cursors WHERE user_id = $user";
    private const string UpsertZoneSql = "INSERT INTO withings_time_zones (user_id, time_zone) VALUES ($user, $zone) ON CONFLICT (user_id) DO UPDATE SET time_zone = excluded.time_zone";

    // The later of the stored and the given instant: a cursor never moves back, whatever order the writes come in.
    private const string AdvanceSql = "INSERT INTO withings_cursors (user_id, category, synced_up_to) VALUES ($user, $category, $at) ON CONFLICT (user_id, category) DO UPDATE SET synced_up_to = max(synced_up_to, excluded.synced_up_to)";
    private const string ForgetZoneSql = "DELETE FROM withings_time_zones WHERE user_id = $user";
    private const string ForgetCursorsSql = "DELETE FROM withings_cursors WHERE user_id = $user";

    public async ValueTask<WithingsUserContext> GetAsync(long userId, CancellationToken cancellationToken)
    {
        return await store.RunAsync(session =>
        {
            var zone = session.Command(SelectZoneSql);
            zone.Parameters.AddWithValue("$user", userId);
            var timeZone = zone.ExecuteScalar() as string;
            var cursors = ImmutableDictionary.CreateBuilder<NotificationCategory, DateTimeOffset>();
            var select = session.Command(SelectCursorsSql);
            select.Parameters.AddWithValue("$user", userId);
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read())
                {
                    cursors[(NotificationCategory)reader.GetInt32(0)] = new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero);
                }
            }

            return new WithingsUserContext(userId) { TimeZone = timeZone, Cursors = cursors.ToImmutable() };
        }).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask SaveTimeZoneAsync(long userId, string timeZone, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(timeZone);
        await WriteAsync(session =>
        {
            var command = session.Command(UpsertZoneSql);
            command.Parameters.AddWithValue("$user", userId);
            command.Parameters.AddWithValue("$zone", timeZone);
            return command.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask AdvanceCursorAsync(long userId, NotificationCategory category, DateTimeOffset syncedUpTo, CancellationToken cancellationToken) =>
        await WriteAsync(session =>
        {
            var command = session.Command(AdvanceSql);
            command.Parameters.AddWithValue("$user", userId);
            command.Parameters.AddWithValue("$category", (int)category);
            command.Parameters.AddWithValue("$at", syncedUpTo.UtcTicks);
            return command.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);

    public async ValueTask ForgetAsync(long userId, CancellationToken cancellationToken) =>
        await WriteAsync(session =>
        {
            foreach (var sql in new[] { ForgetZoneSql, ForgetCursorsSql })
            {
                var command = session.Command(sql);
                command.Parameters.AddWithValue("$user", userId);
                command.ExecuteNonQuery();
            }

            return 0;
        }, cancellationToken).ConfigureAwait(false);

    // Cancellation is honoured until the write is handed to the store; after that it completes with its commit, so
    // that a caller never believes a committed write was not made.
    private async Task WriteAsync(Func<StoreSession, int> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await store.RunAsync(write).ConfigureAwait(false);
    }
}
